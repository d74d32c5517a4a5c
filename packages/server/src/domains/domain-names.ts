import { domainToASCII } from 'node:url';
import { parse } from 'tldts';
import { apiErrors } from '../errors/api-errors.js';

export type Environment = 'development' | 'production';

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const PORT = /^[1-9]\d{0,4}$/;
const UNICODE_HOST = /^[\p{L}\p{M}\p{N}.-]+$/u;
const ASCII = /^[\x20-\x7e]*$/;
const MAX_HOST = 253;

function isHostName(host: string): boolean {
  return host.length <= MAX_HOST && host.split('.').every((label) => LABEL.test(label));
}

/** A host under a public suffix with a registrable part (`example.com`, not `co.uk`). */
function isPublicHost(host: string): boolean {
  const parsed = parse(host, { allowPrivateDomains: true });
  const known = parsed.isIcann === true || parsed.isPrivate === true;
  return isHostName(host) && !parsed.isIp && parsed.domain !== null && known;
}

/**
 * A domain name as AddDomain and UpdateDomain take it, lowercased. Production: a fully
 * qualified name under a public suffix (`example.com`). Development: any host name, with a
 * port if wanted (`localhost:3000`, `app.test`).
 */
export function parseDomainName(param: string, raw: string, environment: Environment): string {
  const name = raw.trim().toLowerCase();
  const dev = environment === 'development';
  const invalid = () => apiErrors.domainNameInvalid(param, dev ? ' or localhost:3000' : '');
  const colon = name.lastIndexOf(':');
  const given = colon === -1 ? name : name.slice(0, colon);
  // International names are stored as their ASCII (punycode) form, as DNS knows them. Only
  // letters, digits, dots and dashes go in: the conversion would drop a path, not refuse it.
  if (!UNICODE_HOST.test(given)) throw invalid();
  const host = ASCII.test(given) ? given : domainToASCII(given);
  const port = colon === -1 ? undefined : name.slice(colon + 1);
  if (port !== undefined && (!dev || !PORT.test(port) || Number(port) > 65_535)) throw invalid();
  if (dev ? !isHostName(host) : !isPublicHost(host)) throw invalid();
  return port === undefined ? host : `${host}:${port}`;
}

/**
 * A proxy URL: absolute `https` (a development instance may use `http`), no credentials,
 * query or fragment; its trailing slash dropped (`https://example.com/__clerk`).
 */
export function parseProxyUrl(param: string, raw: string, environment: Environment): string {
  const invalid = () => apiErrors.proxyUrlInvalid(param);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid();
  }
  const schemes = environment === 'development' ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol) || url.username || url.password) throw invalid();
  if (url.search || url.hash || raw.includes('?') || raw.includes('#')) throw invalid();
  if (raw.length > 2048 || url.hostname === '') throw invalid();
  return url.href.replace(/\/+$/, '');
}

/**
 * The domain a production instance moves to from a home URL (`https://www.example.com`):
 * its registrable domain (`example.com`), or, for a secondary app, the whole host
 * (`app.example.com`), where a subdomain is significant.
 */
export function domainOfHomeUrl(raw: string, isSecondary: boolean): string {
  let url: URL;
  try {
    url = new URL(raw.includes('://') ? raw : `https://${raw}`);
  } catch {
    throw apiErrors.domainNameInvalid('home_url', '');
  }
  const host = url.hostname.toLowerCase();
  if (!['https:', 'http:'].includes(url.protocol) || url.port || !isPublicHost(host)) {
    throw apiErrors.domainNameInvalid('home_url', '');
  }
  if (isSecondary) return host;
  return parse(host, { allowPrivateDomains: true }).domain ?? host;
}
