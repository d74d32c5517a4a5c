import type { CatalogueEntry } from '../catalogue-entry.js';

/** Email and SMS templates (`/v1/templates/…`). */
export const templateErrors = {
  templateNotFound: {
    code: 'resource_not_found',
    status: 404,
    message: 'not found',
    longMessage: 'No %s template has the slug %s.',
  },
  templateVariableMissing: {
    code: 'form_param_value_invalid',
    status: 422,
    param: 'body',
    message: 'is invalid',
    longMessage: 'body must contain {{%s}}: the %s template cannot do without it.',
  },
  templateSyntaxInvalid: {
    code: 'form_param_value_invalid',
    status: 422,
    param: true,
    message: 'is invalid',
    longMessage: '{param} is not a valid template: %s',
  },
  templateParamEmailOnly: {
    code: 'form_param_not_allowed',
    status: 422,
    param: true,
    message: 'is not allowed',
    longMessage: '{param} applies to email templates only.',
  },
  templateNotReverted: {
    code: 'bad_request',
    status: 400,
    message: 'bad request',
    longMessage: 'The %s template %s is the system one: there is no change to revert.',
  },
} as const satisfies Record<string, CatalogueEntry>;
