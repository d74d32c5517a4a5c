import fastJsonStringify from 'fast-json-stringify';
import type { FastifyInstance } from 'fastify';

type Serializer = (data: unknown) => string;

/** One serializer per response schema object, shared by every route and server in the process. */
const serializers = new WeakMap<object, Serializer>();

/**
 * Response serializers are built once per schema and completely, before the first request.
 *
 * Fastify builds one fast-json-stringify serializer per route and status, and each of them
 * compiles the Ajv validators behind `anyOf` (every nullable object of `User`) on first use:
 * the first user list, get or create after a start took 250–800 ms (issue 6). The contract's
 * schemas are module-level objects that many routes share (`User` answers eight operations),
 * so keying on the object compiles `User` once, and `compileValidators` compiles those Ajv
 * validators at build time instead of in the first request.
 */
export function registerSerializerCompiler(app: FastifyInstance): void {
  app.setSerializerCompiler(({ schema }) => {
    const key = schema as object;
    let serialize = serializers.get(key);
    if (!serialize) {
      serialize = fastJsonStringify(
        schema as Parameters<typeof fastJsonStringify>[0],
      ) as Serializer;
      serializers.set(key, serialize);
    }
    return serialize;
  });
}
