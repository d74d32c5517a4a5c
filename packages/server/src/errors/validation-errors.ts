import type { FastifySchemaValidationError } from 'fastify';
import { itemOf, type ClerkErrorItem } from './clerk-api-error.js';

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

/** Maps Fastify/ajv validation failures to Clerk form errors. */
export function validationErrorItems(
  errors: FastifySchemaValidationError[],
  context: string | undefined,
): ClerkErrorItem[] {
  return errors.map((error) => {
    const param = paramNameOf(error);
    const meta = { param_name: param };
    switch (error.keyword) {
      case 'required':
        return itemOf('form_param_missing', {
          meta,
          longMessage: `${param} is missing`,
        });
      case 'additionalProperties':
        return itemOf('form_param_unknown', {
          meta,
          longMessage: `${param} is not a valid parameter for this request.`,
        });
      case 'type':
        if (context === 'body' && param === 'body') {
          return itemOf('form_param_missing', {
            meta,
            longMessage: 'The request body must be a JSON object.',
          });
        }
        return itemOf('form_param_format_invalid', {
          meta,
          longMessage: `${param} ${error.message ?? 'is invalid'}`,
        });
      case 'minimum':
      case 'maximum':
      case 'enum':
      case 'minItems':
      case 'maxItems':
      case 'minLength':
      case 'maxLength':
        return itemOf('form_param_value_invalid', {
          meta,
          longMessage: `${param} ${error.message ?? 'is invalid'}`,
        });
      default:
        return itemOf('form_param_format_invalid', {
          meta,
          longMessage: `${param} ${error.message ?? 'is invalid'}`,
        });
    }
  });
}
