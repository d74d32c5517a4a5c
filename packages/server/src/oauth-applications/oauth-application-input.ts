import { apiErrors } from '../errors/api-errors.js';

/** `name`: required, at most 256 characters (the spec's description). */
export const MAX_NAME_LENGTH = 256;
/** A redirect URI, as long as the spec lets `callback_url` be. */
export const MAX_REDIRECT_URI_LENGTH = 1024;

/**
 * The scopes an application may be granted: the spec's four, and `openid`, which asks for an
 * ID token (the discovery document lists the same set).
 */
export const SUPPORTED_SCOPES = [
  'openid',
  'profile',
  'email',
  'public_metadata',
  'private_metadata',
] as const;

export const DEFAULT_SCOPES = 'profile email';

/** The name trimmed; blank is missing, over 256 characters too large. */
export function applicationName(raw: string): string {
  const name = raw.trim();
  if (name === '') throw apiErrors.paramMissing('name');
  if (name.length > MAX_NAME_LENGTH) {
    throw apiErrors.paramTooLarge('name', `must be at most ${MAX_NAME_LENGTH} characters`);
  }
  return name;
}

/**
 * `scopes`: space-separated (any run of whitespace), each a supported scope; kept once each,
 * in the order given, joined by one space. Blank names no scope and is refused.
 */
export function applicationScopes(raw: string): string {
  const scopes = raw.split(/\s+/).filter((s) => s !== '');
  if (scopes.length === 0)
    throw apiErrors.paramValueInvalid('scopes', 'must name at least one scope');
  const known: readonly string[] = SUPPORTED_SCOPES;
  for (const scope of scopes) {
    if (!known.includes(scope))
      throw apiErrors.oauthScopeUnknown(scope, SUPPORTED_SCOPES.join(', '));
  }
  return [...new Set(scopes)].join(' ');
}

/** Schemes that run or read something in the browser instead of reaching an app. */
const FORBIDDEN_SCHEMES = new Set([
  'javascript:',
  'data:',
  'vbscript:',
  'file:',
  'blob:',
  'about:',
]);
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const SPACE_OR_CONTROL = /[\s\u0000-\u001f\u007f]/;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * A redirect URI (RFC 6749 §3.1.2, RFC 8252 for native apps): absolute, without a fragment
 * or credentials; `https://`, `http://` to a loopback host only (localhost, 127.0.0.1,
 * [::1]), or a custom scheme (`myapp://callback`, `com.example.app:/cb`). Returns it as sent.
 */
export function redirectUri(param: string, uri: string): string {
  const refuse = (reason: string): never => {
    throw apiErrors.oauthRedirectUriInvalid(param, JSON.stringify(uri.slice(0, 100)), reason);
  };
  if (uri.length > MAX_REDIRECT_URI_LENGTH) {
    refuse(`is longer than ${MAX_REDIRECT_URI_LENGTH} characters`);
  }
  if (uri === '' || SPACE_OR_CONTROL.test(uri)) refuse('is blank or contains spaces');
  if (!SCHEME.test(uri)) refuse('is not an absolute URI (https://…, or myapp://… for an app)');
  let parsed: URL;
  try {
    parsed = new URL(uri);
  } catch {
    return refuse('is not a valid URI');
  }
  if (parsed.hash !== '' || uri.includes('#')) refuse('has a fragment (#…)');
  const scheme = parsed.protocol;
  if (FORBIDDEN_SCHEMES.has(scheme)) refuse(`uses the ${scheme} scheme`);
  if (parsed.username !== '' || parsed.password !== '') refuse('contains credentials');
  if (scheme === 'http:' && !LOOPBACK_HOSTS.has(parsed.hostname)) {
    refuse('uses http:// for a host other than localhost, 127.0.0.1 or [::1]: use https://');
  }
  if ((scheme === 'http:' || scheme === 'https:') && parsed.hostname === '') {
    refuse('names no host');
  }
  return uri;
}

/** `redirect_uris`, each checked; the same URI twice is refused. */
export function redirectUris(uris: readonly string[]): string[] {
  const out: string[] = [];
  for (const uri of uris) {
    const checked = redirectUri('redirect_uris', uri);
    if (out.includes(checked)) throw apiErrors.duplicateValue('redirect_uris', JSON.stringify(uri));
    out.push(checked);
  }
  return out;
}

/**
 * The redirect URIs a write sets from `redirect_uris` and the deprecated `callback_url`
 * (the first redirect URI). Both: `callback_url` goes first, once. `callback_url` alone
 * replaces the first of `current` (or is the only one); neither (null or absent): `current`.
 * An empty `callback_url` is no callback URL.
 */
export function redirectUrisOf(
  input: { redirect_uris?: string[] | null; callback_url?: string | null },
  current: string[],
): string[] {
  const callback =
    input.callback_url === undefined || input.callback_url === null || input.callback_url === ''
      ? undefined
      : redirectUri('callback_url', input.callback_url);
  if (input.redirect_uris !== undefined && input.redirect_uris !== null) {
    const uris = redirectUris(input.redirect_uris);
    return callback === undefined ? uris : [callback, ...uris.filter((u) => u !== callback)];
  }
  if (callback === undefined) return current;
  return [callback, ...current.slice(1).filter((u) => u !== callback)];
}
