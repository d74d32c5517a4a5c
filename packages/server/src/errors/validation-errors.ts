import type { FastifySchemaValidationError } from 'fastify';
import { apiErrors } from './api-errors.js';
import type { ClerkApiError } from './clerk-api-error.js';

/** The parameter an ajv error is about: the top-level field, as Clerk's `meta.param_name`. */
function paramNameOf(error: FastifySchemaValidationError): string {
  const params = error.params as Record<string, unknown>;
  const segments = error.instancePath.split('/').filter(Boolean);
  const leaf =
    typeof params.missingProperty === 'string'
      ? params.missingProperty
      : typeof params.additionalProperty === 'string'
        ? params.additionalProperty
        : undefined;
  if (leaf) segments.push(leaf);
  return segments[0] ?? 'body';
}

const VALUE_KEYWORDS = new Set([
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'enum',
  'const',
  'minItems',
  'minLength',
  'minProperties',
]);
const SIZE_KEYWORDS = new Set(['maxItems', 'maxLength', 'maxProperties']);

/** Maps a Fastify/ajv validation failure to one Clerk form error. */
export function validationError(
  errors: FastifySchemaValidationError[],
  context: string | undefined,
): ClerkApiError {
  const error = errors[0]!;
  const param = paramNameOf(error);
  const detail = error.message ?? 'is invalid';
  if (error.keyword === 'required') return apiErrors.paramMissing(param);
  if (error.keyword === 'additionalProperties') return apiErrors.paramUnknown(param);
  if (error.keyword === 'type' && context === 'body' && param === 'body') {
    return apiErrors.bodyNotObject();
  }
  if (SIZE_KEYWORDS.has(error.keyword)) return apiErrors.paramTooLarge(param, detail);
  if (VALUE_KEYWORDS.has(error.keyword)) return apiErrors.paramValueInvalid(param, detail);
  return apiErrors.paramFormatInvalid(param, detail);
}
