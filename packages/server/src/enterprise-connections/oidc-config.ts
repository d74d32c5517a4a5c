import { apiErrors } from '../errors/api-errors.js';
import type { OutboundOptions } from '../outbound/outbound-options.js';
import type { Scope } from '../platform/scope.js';
import { fetchDocument, parseHttpUrl, policyOf } from './outbound-document.js';

/** The OIDC side of a connection as sent (null or '' clears a URL). */
export interface OidcInput {
  client_id?: string | null | undefined;
  client_secret?: string | null | undefined;
  discovery_url?: string | null | undefined;
  auth_url?: string | null | undefined;
  token_url?: string | null | undefined;
  user_info_url?: string | null | undefined;
  requires_pkce?: boolean | null | undefined;
}

export interface OidcConfig {
  client_id: string | null;
  /** In clear here; sealed by the service before it is stored. */
  client_secret: string | null;
  discovery_url: string | null;
  auth_url: string | null;
  token_url: string | null;
  user_info_url: string | null;
  requires_pkce: boolean;
}

const DISCOVERY_SUFFIX = '/.well-known/openid-configuration';

const urlParam = (name: string) => (raw: string) =>
  parseHttpUrl(raw, () => apiErrors.paramFormatInvalid(name, 'must be an absolute http(s) URL'));

/**
 * Fetches the issuer's discovery document and checks it (OpenID Connect Discovery §3, §4.3):
 * a JSON object whose `issuer` is the URL the document was fetched under, with
 * `authorization_endpoint`, `token_endpoint` and `jwks_uri`. An issuer that cannot be reached
 * (network error, timeout) is accepted unchecked: answers `undefined`.
 */
async function discover(scope: Scope, options: OutboundOptions, url: string, param: string) {
  const fetched = await fetchDocument(url, 'application/json', policyOf(scope, options), options);
  if (!fetched.ok) {
    if (fetched.unreachable) return undefined;
    throw apiErrors.oidcDiscoveryInvalid(param, fetched.reason);
  }
  let document: unknown;
  try {
    document = JSON.parse(fetched.body);
  } catch {
    throw apiErrors.oidcDiscoveryInvalid(param, 'the answer is not JSON');
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw apiErrors.oidcDiscoveryInvalid(param, 'the answer is not a JSON object');
  }
  const doc = document as Record<string, unknown>;
  for (const field of ['issuer', 'authorization_endpoint', 'token_endpoint', 'jwks_uri']) {
    if (typeof doc[field] !== 'string' || doc[field] === '') {
      throw apiErrors.oidcDiscoveryInvalid(param, `it has no ${field}`);
    }
  }
  const expectedIssuer = url.endsWith(DISCOVERY_SUFFIX)
    ? url.slice(0, -DISCOVERY_SUFFIX.length)
    : undefined;
  const issuer = (doc.issuer as string).replace(/\/$/, '');
  if (expectedIssuer !== undefined && issuer !== expectedIssuer.replace(/\/$/, '')) {
    throw apiErrors.oidcDiscoveryInvalid(param, `its issuer ${issuer} is not ${expectedIssuer}`);
  }
  return {
    auth_url: doc.authorization_endpoint as string,
    token_url: doc.token_endpoint as string,
    user_info_url: typeof doc.userinfo_endpoint === 'string' ? doc.userinfo_endpoint : null,
  };
}

/**
 * Applies what was sent to the current OIDC config. A new `discovery_url` is fetched and
 * checked when reachable; its endpoints fill the URLs not sent. A client without a secret is
 * public and must use PKCE.
 */
export async function resolveOidcConfig(
  scope: Scope,
  options: OutboundOptions,
  input: OidcInput,
  current: OidcConfig,
  prefix = 'oidc.',
): Promise<OidcConfig> {
  const next: OidcConfig = { ...current };
  const text = (value: string | null | undefined) =>
    value === null || value === undefined || value.trim() === '' ? null : value.trim();
  if (input.client_id !== undefined) next.client_id = text(input.client_id);
  if (input.client_secret !== undefined) next.client_secret = text(input.client_secret);
  for (const field of ['auth_url', 'token_url', 'user_info_url'] as const) {
    const value = input[field];
    if (value === undefined) continue;
    const clean = text(value);
    next[field] = clean === null ? null : urlParam(`${prefix}${field}`)(clean);
  }
  if (input.discovery_url !== undefined) {
    const clean = text(input.discovery_url);
    next.discovery_url = clean === null ? null : urlParam(`${prefix}discovery_url`)(clean);
    if (next.discovery_url !== null) {
      const found = await discover(scope, options, next.discovery_url, `${prefix}discovery_url`);
      if (found) {
        if (input.auth_url === undefined) next.auth_url = found.auth_url;
        if (input.token_url === undefined) next.token_url = found.token_url;
        if (input.user_info_url === undefined) next.user_info_url = found.user_info_url;
      }
    }
  }
  if (input.requires_pkce !== undefined && input.requires_pkce !== null) {
    next.requires_pkce = input.requires_pkce;
  }
  if (next.client_secret === null) {
    if (input.requires_pkce === false) {
      throw apiErrors.paramValueInvalid(
        `${prefix}requires_pkce`,
        'must be true for a client without a secret',
      );
    }
    next.requires_pkce = true;
  }
  return next;
}
