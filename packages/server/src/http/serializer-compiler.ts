import fastJsonStringify from 'fast-json-stringify';
import type { FastifyInstance } from 'fastify';
import { isPlainRecord, serializationSchema } from './serialization-schema.js';

type Serializer = (data: unknown) => string;
type Schema = Parameters<typeof fastJsonStringify>[0];

/** One serializer per response schema object, shared by every route and server in the process. */
const serializers = new WeakMap<object, Serializer>();

/**
 * Response serializers are built once per schema, for the whole process.
 *
 * Fastify builds one fast-json-stringify serializer per route and status, and each compiles
 * the Ajv validators behind its `anyOf`s (every nullable object of `User`) on first use: the
 * first user list, get or create after a start took 250–800 ms (issue 6). The contract's
 * schemas are module-level objects that many routes share (`User` answers eight operations),
 * so keying on the object compiles `User` once, for every server built in the process (the
 * warm-up's throwaway server, each test's). And most of those `anyOf`s are rewritten before
 * compiling (`serializationSchema`): the first `CreateUser` after a start took 421 ms, then
 * 142 ms.
 */
export function registerSerializerCompiler(app: FastifyInstance): void {
  app.setSerializerCompiler(({ schema }) => serializerFor(schema as Schema));
}

/** The serializer of a response schema, compiled once per schema object. */
export function serializerFor(schema: Schema): Serializer {
  const key = schema as object;
  let serialize = serializers.get(key);
  if (!serialize) {
    // Built on first use: most of the 201 operations' serializers are never needed by a
    // given process, and building them all took ~5 % of a start.
    let built: Serializer | undefined;
    serialize = (data) => (built ??= buildSerializer(schema))(data);
    serializers.set(key, serialize);
  }
  return serialize;
}

/**
 * A bare array of a schema (`GetUserList` answers `User[]`) reuses the serializer of its
 * items rather than compiling `User` a second time, inside the array.
 */
function buildSerializer(schema: Schema): Serializer {
  const { type, items, ...rest } = schema as { type?: unknown; items?: Schema };
  if (type === 'array' && isPlainRecord(items) && Object.keys(rest).length === 0) {
    const serializeItem = serializerFor(items);
    return (data) => {
      if (!Array.isArray(data)) throw new TypeError('The response is not an array');
      return `[${data.map(serializeItem).join(',')}]`;
    };
  }
  return fastJsonStringify(serializationSchema(schema) as Schema) as Serializer;
}
