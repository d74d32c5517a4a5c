import { apiErrors } from '../errors/api-errors.js';
import type { InstanceEnvironment } from '../db/schema.js';

/** Schemes that run or read something in the browser instead of navigating to an app. */
const FORBIDDEN_SCHEMES = new Set([
  'javascript:',
  'data:',
  'vbscript:',
  'file:',
  'blob:',
  'about:',
]);
const SCHEME_AND_SLASHES = /^[a-z][a-z0-9+.-]*:\/\//i;
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const SPACE_OR_CONTROL = /[\s\u0000-\u001f\u007f]/;

export interface RedirectUrlValue {
  url: string;
  /** Scheme, host and path (scheme and host lowercased); query and fragment dropped. */
  key: string;
}

function keyOf(parsed: URL): string {
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
}

function invalid(reason: string): never {
  throw apiErrors.redirectUrlInvalid(reason);
}

/**
 * A redirect URL as Clerk allows it: `https://…`, `http://…` in development instances, or
 * a custom scheme for native apps (`my-app://oauth-callback`). No credentials, no spaces or
 * control characters, none of the schemes that run code or read files.
 */
export function parseRedirectUrl(url: string, environment: InstanceEnvironment): RedirectUrlValue {
  if (url === '' || SPACE_OR_CONTROL.test(url)) invalid('must not be blank or contain spaces');
  if (!SCHEME_AND_SLASHES.test(url)) {
    invalid('must be an absolute URL (https://…) or a custom scheme (my-app://…)');
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return invalid('is not a valid URL');
  }
  const scheme = parsed.protocol;
  if (FORBIDDEN_SCHEMES.has(scheme)) invalid(`must not use the ${scheme} scheme`);
  if (scheme === 'http:' && environment === 'production') {
    invalid('must use https:// in a production instance');
  }
  if (parsed.username !== '' || parsed.password !== '') invalid('must not contain credentials');
  if (parsed.host === '') invalid('must name a host (my-app://callback)');
  return { url, key: keyOf(parsed) };
}

/** The key a candidate URL is looked up by, or undefined when it could never be allowed. */
export function redirectUrlKeyOf(url: string): string | undefined {
  if (SPACE_OR_CONTROL.test(url) || !SCHEME_AND_SLASHES.test(url)) return undefined;
  try {
    const parsed = new URL(url);
    if (FORBIDDEN_SCHEMES.has(parsed.protocol) || parsed.username || parsed.password)
      return undefined;
    return keyOf(parsed);
  } catch {
    return undefined;
  }
}
