import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import { withDefaultBounds } from './schema-bounds.js';

function createAjv(options: Options): Ajv {
  const ajv = new Ajv({
    strict: false,
    allErrors: false,
    removeAdditional: false,
    useDefaults: true,
    ...options,
  });
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  return ajv;
}

/**
 * Query strings and path params are text, so they are coerced (and a single value becomes
 * a one-item array). Bodies are JSON and must already have the right types: `"first_name":
 * 123` is an error, not "123". A body schema that leaves `additionalProperties` open is
 * closed at its top level: Clerk rejects unknown parameters (`form_param_unknown`). Every
 * string, array and number gets the default bounds the spec does not give it.
 */
export function registerValidatorCompilers(app: FastifyInstance): void {
  const coercing = createAjv({ coerceTypes: 'array' });
  const strict = createAjv({ coerceTypes: false });
  app.setValidatorCompiler(({ schema: declared, httpPart }) => {
    const schema = withDefaultBounds(declared) as object;
    if (httpPart === 'body') {
      const s = schema as Record<string, unknown>;
      const closed =
        s.type === 'object' && s.additionalProperties === undefined && s.properties
          ? { ...s, additionalProperties: false }
          : s;
      return strict.compile(closed);
    }
    return coercing.compile(schema);
  });
}
