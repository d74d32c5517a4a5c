/**
 * Where this Castellan acts as an OAuth 2.0 / OpenID provider for one instance: under
 * `<baseUrl>/oauth/<instance id>`, which is also the issuer its discovery document names
 * (OpenID Connect Discovery §4: the document is at `<issuer>/.well-known/openid-configuration`).
 * The instance ID never changes (its Frontend API host may), so neither do these URLs.
 * Only the discovery document and the JWKS are served today (docs/oauth-applications.md).
 */
export interface OAuthProviderUrls {
  issuer: string;
  authorize: string;
  token: string;
  userInfo: string;
  introspection: string;
  revocation: string;
  discovery: string;
  jwks: string;
}

export const OAUTH_PATH_PREFIX = '/oauth';
export const DISCOVERY_PATH = '/.well-known/openid-configuration';
export const JWKS_PATH = '/.well-known/jwks.json';

export function oauthProviderUrls(baseUrl: string, instanceId: string): OAuthProviderUrls {
  const issuer = `${baseUrl}${OAUTH_PATH_PREFIX}/${encodeURIComponent(instanceId)}`;
  return {
    issuer,
    authorize: `${issuer}/authorize`,
    token: `${issuer}/token`,
    userInfo: `${issuer}/userinfo`,
    introspection: `${issuer}/token_info`,
    revocation: `${issuer}/token/revoke`,
    discovery: `${issuer}${DISCOVERY_PATH}`,
    jwks: `${issuer}${JWKS_PATH}`,
  };
}
