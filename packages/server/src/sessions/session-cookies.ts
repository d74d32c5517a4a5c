import { createHash } from 'node:crypto';
import type { Scope } from '../platform/scope.js';

/**
 * `@clerk/backend`'s cookie suffix for a publishable key: the first 8 characters of the
 * URL-safe base64 of its SHA-1 (`getCookieSuffix`).
 */
export function cookieSuffix(publishableKey: string): string {
  return createHash('sha1').update(publishableKey).digest('base64url').slice(0, 8);
}

/**
 * The `Set-Cookie` directives that hand a new session token to the browser: `__session`,
 * plain and suffixed (clerk-js reads either). `Secure` on production instances only, so
 * development works over plain http.
 */
export function sessionCookies(scope: Pick<Scope, 'instance'>, jwt: string): string[] {
  const attributes = `Path=/; SameSite=Lax${scope.instance.environment === 'production' ? '; Secure' : ''}`;
  const suffix = cookieSuffix(scope.instance.publishableKey);
  return [`__session=${jwt}; ${attributes}`, `__session_${suffix}=${jwt}; ${attributes}`];
}
