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
const bodyValidators = new WeakMap<object, LazyValidator>();
const textValidators = new WeakMap<object, LazyValidator>();

/** An Ajv validator compiled on its first call, with Ajv's `errors` after each call. */
interface LazyValidator {
  (data: unknown): boolean;
  errors: ValidateFunction['errors'];
}

/**
 * Compiling every route's validators when the routes are registered took ~15 % of a start
 * (201 operations); most are never called in a given process. Each is compiled the first
 * time a request needs it (the warm-up's requests compile the common ones before listening).
 */
function lazyValidator(compile: () => ValidateFunction): LazyValidator {
  let validate: ValidateFunction | undefined;
  const run = ((data: unknown) => {
    validate ??= compile();
    const valid = validate(data) as boolean;
    run.errors = validate.errors;
    return valid;
  }) as LazyValidator;
  run.errors = null;
  return run;
}

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
      validate = lazyValidator(() => {
        const s = withDefaultBounds(schema) as Record<string, unknown>;
        if (httpPart !== 'body') return coercing.compile(s);
        const closed =
          s.type === 'object' && s.additionalProperties === undefined && s.properties
            ? { ...s, additionalProperties: false }
            : s;
        return strict.compile(closed);
      });
      cache.set(schema, validate);
    }
    return validate;
  });
}
