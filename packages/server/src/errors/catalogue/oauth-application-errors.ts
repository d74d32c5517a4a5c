import type { CatalogueEntry } from '../catalogue-entry.js';

/** OAuth applications: scopes, redirect URIs, client secrets. */
export const oauthApplicationErrors = {
  oauthScopeUnknown: {
    code: 'form_param_value_invalid',
    status: 422,
    param: 'scopes',
    message: 'is invalid',
    longMessage: 'scopes contains %s, which is not one of: %s.',
  },
  oauthRedirectUriInvalid: {
    code: 'form_param_format_invalid',
    status: 422,
    param: true,
    message: 'is invalid',
    longMessage: '{param} has %s, which %s.',
  },
  oauthPublicClientHasNoSecret: {
    code: 'oauth_public_client_has_no_secret',
    status: 400,
    message: 'public client',
    longMessage:
      'OAuth application %s is a public client: it has no client secret to rotate. Set public to false first.',
  },
  oauthAccessTokenNotFound: {
    code: 'oauth_access_token_not_found',
    status: 404,
    message: 'not found',
    longMessage: 'No OAuth access token of this instance matches.',
  },
  oauthAccessTokenExpired: {
    code: 'oauth_access_token_expired',
    status: 404,
    message: 'expired',
    longMessage: 'OAuth access token %s expired.',
  },
  oauthAccessTokenRevoked: {
    code: 'oauth_access_token_revoked',
    status: 404,
    message: 'revoked',
    longMessage: 'OAuth access token %s was revoked.',
  },
  oauthAccessTokenMissing: {
    code: 'form_param_missing',
    status: 400,
    param: 'access_token',
    message: 'missing',
    longMessage: 'access_token must be sent (or the deprecated secret).',
  },
} as const satisfies Record<string, CatalogueEntry>;
