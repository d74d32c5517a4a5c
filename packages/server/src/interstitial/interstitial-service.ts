import type { Kysely } from 'kysely';
import type { RequestQuery } from '@castellan/contract';
import type { Db } from '../db/schema.js';
import { apiErrors } from '../errors/api-errors.js';
import { readInstanceSettings } from '../instances/instance-settings.js';
import { TextReply } from '../platform/text-reply.js';
import { findInstanceForInterstitial, type InterstitialInstance } from './interstitial-store.js';
import { renderInterstitial } from './interstitial-page.js';

type Query = RequestQuery<'GetPublicInterstitial'>;

/** clerk-js major version loaded when the instance sets none (`clerk_js_version`). */
export const DEFAULT_CLERK_JS_VERSION = '6';
const VERSION = /^[0-9A-Za-z][0-9A-Za-z.+-]{0,63}$/;
const PUBLISHABLE_KEY = /^pk_(test|live)_([A-Za-z0-9+/]+={0,2})$/;
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const SPACE_OR_CONTROL = /[\s\u0000-\u001f\u007f]/;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/**
 * A host name with an optional port (`clerk.example.com`, `localhost:3210`), checked label
 * by label: one regular expression over the whole name backtracks exponentially on a long
 * run of letters followed by a bad character.
 */
function isHostName(value: string): boolean {
  const [name = '', port, ...rest] = value.split(':');
  if (rest.length > 0 || name.length > 253) return false;
  if (port !== undefined && !/^\d{1,5}$/.test(port)) return false;
  return name.split('.').every((label) => LABEL.test(label));
}

/** The Frontend API host a publishable key encodes (`pk_test_` + base64 of `host$`). */
function hostOfPublishableKey(key: string): string {
  const encoded = PUBLISHABLE_KEY.exec(key)?.[2];
  const decoded = encoded && Buffer.from(encoded, 'base64').toString('utf8');
  if (!decoded?.endsWith('$') || !isHostName(decoded.slice(0, -1))) {
    throw apiErrors.interstitialKeyInvalid('publishable_key', 'is not a valid publishable key');
  }
  return decoded.slice(0, -1);
}

/** The instance the query names; both names, when sent, must name the same one. */
async function instanceOf(db: Kysely<Db>, query: Query): Promise<InterstitialInstance> {
  const frontendApi = query.frontend_api ?? query.frontendApi;
  if (query.publishable_key === undefined && frontendApi === undefined) {
    throw apiErrors.interstitialKeyMissing();
  }
  if (query.publishable_key !== undefined) {
    const host = hostOfPublishableKey(query.publishable_key);
    const instance = await findInstanceForInterstitial(db, {
      publishableKey: query.publishable_key,
    });
    if (!instance) {
      throw apiErrors.interstitialKeyInvalid('publishable_key', 'belongs to no instance');
    }
    if (frontendApi !== undefined && frontendApi !== host) {
      throw apiErrors.interstitialKeyInvalid('frontend_api', 'is not the publishable key’s');
    }
    return instance;
  }
  const instance = await findInstanceForInterstitial(db, { frontendApi: frontendApi! });
  if (!instance) throw apiErrors.interstitialKeyInvalid('frontend_api', 'belongs to no instance');
  return instance;
}

/** A URL the page may load from or go to: absolute http(s), or a path on the page's origin. */
function checkedUrl(value: string | undefined, param: string): string | null {
  if (value === undefined || value === '') return null;
  if (/^\/(?![/\\])/.test(value) && !SPACE_OR_CONTROL.test(value)) return value;
  let parsed: URL | undefined;
  try {
    parsed = new URL(value);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || parsed.username) {
    throw apiErrors.interstitialKeyInvalid(param, 'must be an http(s) URL or a path');
  }
  return parsed.href;
}

function checkedDomain(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  const host = value.replace(/^https?:\/\//, '').replace(/\/$/, '');
  if (!isHostName(host)) throw apiErrors.interstitialKeyInvalid('domain', 'must be a host name');
  return host;
}

async function clerkJsVersionOf(db: Kysely<Db>, instanceId: string): Promise<string> {
  const section = (await readInstanceSettings(db, instanceId)).instance as
    { clerk_js_version?: unknown } | undefined;
  const version = section?.clerk_js_version;
  return typeof version === 'string' && VERSION.test(version) ? version : DEFAULT_CLERK_JS_VERSION;
}

/**
 * Where clerk-js comes from: the proxy, or the satellite's `clerk.` domain when asked
 * (`use_domain_for_script`), as Clerk's interstitial does; otherwise jsDelivr, because a
 * Castellan instance's Frontend API host is a name in its keys, not a host that serves
 * clerk-js.
 */
function scriptUrlOf(
  proxyUrl: string | null,
  domain: string | null,
  useDomain: boolean,
  version: string,
) {
  const path = `/npm/@clerk/clerk-js@${version}/dist/clerk.browser.js`;
  if (proxyUrl) return `${proxyUrl.replace(/\/$/, '')}${path}`;
  if (useDomain && domain) return `https://clerk.${domain}${path}`;
  return `https://cdn.jsdelivr.net${path}`;
}

/** `GET /v1/public/interstitial` (public): the HTML page that loads clerk-js, then reloads. */
export async function getPublicInterstitial(db: Kysely<Db>, query: Query): Promise<TextReply> {
  const instance = await instanceOf(db, query);
  const proxyUrl = checkedUrl(query.proxy_url, 'proxy_url');
  const signInUrl = checkedUrl(query.sign_in_url, 'sign_in_url');
  const domain = checkedDomain(query.domain);
  const version = await clerkJsVersionOf(db, instance.id);
  const html = renderInterstitial({
    publishableKey: instance.publishable_key,
    frontendApi: instance.frontend_api,
    scriptUrl: scriptUrlOf(proxyUrl, domain, query.use_domain_for_script === true, version),
    proxyUrl,
    domain,
    signInUrl,
  });
  return new TextReply('text/html; charset=utf-8', html);
}
