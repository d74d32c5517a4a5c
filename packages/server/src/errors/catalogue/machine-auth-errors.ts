import type { CatalogueEntry } from '../catalogue-entry.js';

/** Machines, M2M tokens and API keys (docs/machine-auth.md). */
export const machineAuthErrors = {
  machineScopeLimitReached: {
    code: 'machine_scope_limit_reached',
    status: 400,
    message: 'too many scopes',
    longMessage: 'Machine %s may be scoped to at most %s machines.',
  },
  machineScopeExists: {
    code: 'machine_scope_exists',
    status: 409,
    message: 'scope exists',
    longMessage: 'Machine %s is already scoped to machine %s.',
  },
  machineSecretKeyRequired: {
    code: 'machine_secret_key_required',
    status: 401,
    message: 'machine secret key required',
    longMessage:
      'This endpoint must be called with a machine secret key (Authorization: Bearer ak_…), not an instance secret key.',
  },
  machineNotScoped: {
    code: 'machine_not_scoped',
    status: 403,
    message: 'not allowed',
    longMessage: 'The calling machine %s may only read its own M2M tokens, not those of %s.',
  },
  m2mTokenNotFound: {
    code: 'm2m_token_not_found',
    status: 404,
    message: 'not found',
    longMessage: 'No M2M token matches, or the calling machine is not granted access by it.',
  },
  m2mTokenExpired: {
    code: 'm2m_token_expired',
    status: 404,
    message: 'expired',
    longMessage: 'M2M token %s expired.',
  },
  m2mTokenRevoked: {
    code: 'm2m_token_revoked',
    status: 404,
    message: 'revoked',
    longMessage: 'M2M token %s was revoked.',
  },
  m2mMinRemainingTtlTooLong: {
    code: 'form_param_value_invalid',
    status: 400,
    param: 'min_remaining_ttl_seconds',
    message: 'is invalid',
    longMessage:
      'min_remaining_ttl_seconds must be less than the token lifetime (%s seconds): no new token could satisfy it.',
  },
  apiKeyNotFound: {
    code: 'api_key_not_found',
    status: 404,
    message: 'not found',
    longMessage: 'No API key matches this secret.',
  },
  apiKeyExpired: {
    code: 'api_key_expired',
    status: 404,
    message: 'expired',
    longMessage: 'API key %s expired.',
  },
  apiKeyRevoked: {
    code: 'api_key_revoked',
    status: 404,
    message: 'revoked',
    longMessage: 'API key %s was revoked.',
  },
  apiKeySubjectNotFound: {
    code: 'form_param_value_invalid',
    status: 422,
    param: true,
    message: 'is invalid',
    longMessage: '{param} %s is not a %s of this instance.',
  },
} as const satisfies Record<string, CatalogueEntry>;
