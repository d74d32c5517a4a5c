import type { CatalogueEntry } from '../catalogue-entry.js';

/** JWT templates: their claims and shortcodes, their signing keys, and tokens made from them. */
export const jwtTemplateErrors = {
  jwtTemplateNameTaken: {
    code: 'duplicate_record',
    status: 400,
    param: 'name',
    message: 'duplicate JWT template name',
    longMessage: 'Another JWT template of this instance is named %s.',
  },
  jwtTemplateNameNotFound: {
    code: 'resource_not_found',
    status: 404,
    message: 'not found',
    longMessage: 'No JWT template exists with name: %s',
  },
  reservedClaim: {
    code: 'form_param_value_invalid',
    status: 422,
    param: true,
    message: 'is invalid',
    longMessage: '%s is a reserved claim: every token carries it, so a template cannot set it.',
  },
  shortcodeInvalid: {
    code: 'form_param_value_invalid',
    status: 422,
    param: true,
    message: 'is invalid',
    longMessage: '{param} %s.',
  },
  customKeyParamNotAllowed: {
    code: 'form_param_not_allowed',
    status: 422,
    param: true,
    message: 'is not allowed',
    longMessage:
      '{param} requires custom_signing_key to be true; without it tokens are signed with the instance key (RS256).',
  },
  signingAlgorithmInvalid: {
    code: 'form_param_value_invalid',
    status: 422,
    param: 'signing_algorithm',
    message: 'is invalid',
    longMessage: 'signing_algorithm must be one of %s.',
  },
  signingKeyInvalid: {
    code: 'form_param_value_invalid',
    status: 422,
    param: 'signing_key',
    message: 'is invalid',
    longMessage: 'signing_key cannot sign %s tokens: %s.',
  },
} as const satisfies Record<string, CatalogueEntry>;
