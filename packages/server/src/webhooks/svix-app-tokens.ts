import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** How long a portal link from GenerateSvixAuthURL can be opened (once). */
export const PORTAL_LINK_TTL_MS = 15 * 60 * 1000;
/** How long the portal session a link opens lasts. */
export const PORTAL_SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export type PortalTokenKind = 'link' | 'session';

/**
 * A fresh portal token: a prefix saying its kind and 32 random bytes, base64url. No `.` in
 * it: the svix client reads a region from the token's second dot-separated part.
 */
export function generatePortalToken(kind: PortalTokenKind): string {
  return `${kind === 'link' ? 'whpl' : 'whps'}_${randomBytes(32).toString('base64url')}`;
}

/** What is stored of a token: SHA-256, hex. */
export function hashPortalToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Compares two token hashes in constant time. */
export function portalTokenHashesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Whether `token` is shaped like a portal session token (anything else is a secret key). */
export function isPortalSessionToken(token: string): boolean {
  return /^whps_[A-Za-z0-9_-]{43}$/.test(token);
}

export function isPortalLinkToken(token: string): boolean {
  return /^whpl_[A-Za-z0-9_-]{43}$/.test(token);
}
