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
} as const satisfies Record<string, CatalogueEntry>;
