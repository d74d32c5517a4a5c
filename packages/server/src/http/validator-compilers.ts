import { Ajv, type Options, type ValidateFunction } from 'ajv';
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

// One pair of Ajv instances and one compiled validator per schema for the whole process: the
// contract's schemas are module-level objects, so every server built in the process (the
// warm-up's throwaway one, each test's) reuses what the first compiled.
const coercing = createAjv({ coerceTypes: 'array' });
const strict = createAjv({ coerceTypes: false });
const bodyValidators = new WeakMap<object, ValidateFunction>();
const textValidators = new WeakMap<object, ValidateFunction>();

/**
 * Query strings and path params are text, so they are coerced (and a single value becomes
 * a one-item array). Bodies are JSON and must already have the right types: `"first_name":
 * 123` is an error, not "123". A body schema that leaves `additionalProperties` open is
 * closed at its top level: Clerk rejects unknown parameters (`form_param_unknown`). Every
 * string, array and number gets the default bounds the spec does not give it.
 */
export function registerValidatorCompilers(app: FastifyInstance): void {
  app.setValidatorCompiler(({ schema, httpPart }) => {
    const cache = httpPart === 'body' ? bodyValidators : textValidators;
    let validate = cache.get(schema);
    if (!validate) {
      const s = withDefaultBounds(schema) as Record<string, unknown>;
      if (httpPart === 'body') {
        const closed =
          s.type === 'object' && s.additionalProperties === undefined && s.properties
            ? { ...s, additionalProperties: false }
            : s;
        validate = strict.compile(closed);
      } else {
        validate = coercing.compile(s);
      }
      cache.set(schema, validate);
    }
    return validate;
  });
}
