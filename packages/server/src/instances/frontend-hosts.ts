/**
 * Frontend API hosts that clerk-js accepts (FAPI-NOTES "Further facts" 1). A publishable key
 * decodes to `<host>$`; clerk-js wants a dot in the host, and runs its development-browser
 * flow only when a development key's host ends in one of Clerk's development suffixes
 * (`accounts.dev`, …) with no port. Castellan's browsers never resolve this host (they reach
 * the FAPI through `proxyUrl`), so a development instance gets a name under
 * `castellan.accounts.dev` that only says which instance it is.
 */

export const DEVELOPMENT_HOST_SUFFIX = '.castellan.accounts.dev';

/** Clerk's development suffixes (`DEV_OR_STAGING_SUFFIXES` in `@clerk/shared`). */
const CLERK_DEVELOPMENT_SUFFIXES = [
  '.lcl.dev',
  '.stg.dev',
  '.lclstage.dev',
  '.stgstage.dev',
  '.dev.lclclerk.com',
  '.stg.lclclerk.com',
  '.accounts.lclclerk.com',
  'accountsstage.dev',
  'accounts.dev',
];

/** A development instance's default host: `ins-<id>.castellan.accounts.dev`. */
export function developmentFrontendHost(instanceId: string): string {
  return `${instanceId.toLowerCase().replace(/_/g, '-')}${DEVELOPMENT_HOST_SUFFIX}`;
}

/** A production instance's default host, until its domain is set: `<id>.localhost`. */
export function productionFrontendHost(instanceId: string): string {
  return `${instanceId.toLowerCase()}.localhost`;
}

/** Whether clerk-js runs its development browser for a key of this host. */
export function isDevelopmentFrontendHost(host: string): boolean {
  return CLERK_DEVELOPMENT_SUFFIXES.some((suffix) => host.endsWith(suffix));
}

/**
 * Whether a development instance's stored host is one of Castellan's old defaults that
 * clerk-js refuses or treats as production (`localhost:3210`, `<id>.localhost`), which the
 * 2026-12-07T24 migration replaces.
 */
export function isLegacyDevelopmentHost(host: string): boolean {
  if (isDevelopmentFrontendHost(host) && !host.includes(':')) return false;
  return !host.includes('.') || host.includes(':') || host.endsWith('.localhost');
}
