import { apiErrors } from '../errors/api-errors.js';
import { normalizeEmail } from '../identifiers/email.js';

/** Browser-like stacks send their own schemes (`chrome-extension://…`, `capacitor://…`). */
const SCHEME = /^[a-z][a-z0-9+.-]*$/;
const MAX_ORIGINS = 100;
const MAX_ORIGIN_LENGTH = 512;

/**
 * An origin as a browser sends it in `Origin`: scheme, host and port, nothing else. Returns
 * its canonical form (`https://Example.com:443` → `https://example.com`).
 */
export function parseOrigin(param: string, raw: string, httpOnly = false): string {
  const invalid = () => apiErrors.originInvalid(param, JSON.stringify(raw.slice(0, 100)));
  if (raw.length === 0 || raw.length > MAX_ORIGIN_LENGTH || raw !== raw.trim()) throw invalid();
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid();
  }
  const scheme = url.protocol.slice(0, -1);
  const web = scheme === 'http' || scheme === 'https';
  if (httpOnly && !web) throw invalid();
  if (!SCHEME.test(scheme) || url.hostname === '' || url.username || url.password) throw invalid();
  // Anything after the authority (a path other than "/", a query, a fragment) is not an origin.
  const authorityEnd = raw.indexOf('/', raw.indexOf('//') + 2);
  if (authorityEnd !== -1 && raw.slice(authorityEnd) !== '/') throw invalid();
  if (raw.includes('?') || raw.includes('#')) throw invalid();
  return web ? url.origin : `${scheme}://${url.host}`;
}

/** `allowed_origins`: each an origin, each once, at most 100. */
export function parseAllowedOrigins(raw: readonly string[]): string[] {
  if (raw.length > MAX_ORIGINS) throw apiErrors.tooManyValues('allowed_origins', MAX_ORIGINS);
  const origins = raw.map((origin) => parseOrigin('allowed_origins', origin));
  const seen = new Set<string>();
  for (const origin of origins) {
    if (seen.has(origin)) throw apiErrors.duplicateValue('allowed_origins', origin);
    seen.add(origin);
  }
  return origins;
}

/** `support_email`: a valid address, kept as given (trimmed). */
export function parseSupportEmail(raw: string): string {
  return normalizeEmail(raw, 'support_email').address;
}

/**
 * `clerk_js_version`: what the interstitial and the components load from the CDN: a major
 * (`5`), a version (`5.2.1`, `5.0.0-beta.3`) or a dist-tag (`latest`, `next`, `canary`…).
 */
const CLERK_JS_VERSION =
  /^(?:\d{1,4}(?:\.\d{1,4}){0,2}(?:-[0-9A-Za-z.-]{1,40})?|[a-z][a-z0-9-]{0,30})$/;

export function parseClerkJsVersion(raw: string): string {
  if (!CLERK_JS_VERSION.test(raw)) {
    throw apiErrors.paramFormatInvalid(
      'clerk_js_version',
      'must be a clerk-js version such as 5, 5.2.1 or a dist-tag such as latest',
    );
  }
  return raw;
}

/** RFC 6749 §3.3 scope-token: printable ASCII without space, `"` or `\`. */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]{1,100}$/;
const MAX_SCOPES = 50;

export function parseScopes(raw: readonly string[]): string[] {
  if (raw.length > MAX_SCOPES) throw apiErrors.tooManyValues('default_scopes', MAX_SCOPES);
  const seen = new Set<string>();
  for (const scope of raw) {
    if (!SCOPE_TOKEN.test(scope)) {
      throw apiErrors.paramFormatInvalid(
        'default_scopes',
        'holds OAuth scope tokens: printable ASCII without spaces, quotes or backslashes',
      );
    }
    if (seen.has(scope)) throw apiErrors.duplicateValue('default_scopes', scope);
    seen.add(scope);
  }
  return [...raw];
}

/** A whole number within `[min, max]`. */
export function parseCount(param: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw apiErrors.paramValueInvalid(param, `must be a whole number from ${min} to ${max}`);
  }
  return value;
}
