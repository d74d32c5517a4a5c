import type { ClerkApiError } from '../errors/clerk-api-error.js';
import type { AddressPolicy } from '../outbound/address-policy.js';
import { OutboundError } from '../outbound/outbound-error.js';
import type { OutboundOptions } from '../outbound/outbound-options.js';
import { DEFAULT_TIMEOUT_MS, sendOutboundRequest } from '../outbound/outbound-request.js';
import type { Scope } from '../platform/scope.js';

/** IdP metadata can be large (many certificates, many entities): up to 1 MiB. */
const MAX_DOCUMENT_BYTES = 1024 * 1024;

/** Loopback only for development instances, private ranges only when the server allows. */
export function policyOf(scope: Scope, options: OutboundOptions): AddressPolicy {
  return {
    allowLoopback: scope.instance.environment === 'development',
    allowPrivate: options.allowPrivate === true,
    allowHosts: options.allowHosts ?? [],
  };
}

export type FetchOutcome =
  { ok: true; body: string } | { ok: false; unreachable: boolean; reason: string };

/**
 * GETs a document an IdP serves (metadata XML, an OpenID configuration) under the outbound
 * policy and timeout. `unreachable` tells a network failure or timeout from an answer that
 * is not a document (a refused address, a non-200 status, a body over the cap).
 */
export async function fetchDocument(
  url: string,
  accept: string,
  policy: AddressPolicy,
  options: OutboundOptions,
): Promise<FetchOutcome> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  try {
    const answer = await sendOutboundRequest({
      url,
      headers: { accept, 'user-agent': 'Castellan' },
      timeoutMs,
      maxResponseBytes: Math.max(options.maxResponseBytes ?? 0, MAX_DOCUMENT_BYTES),
      policy,
    });
    if (answer.status !== 200) {
      return { ok: false, unreachable: false, reason: `the server answered ${answer.status}` };
    }
    return { ok: true, body: answer.body.toString('utf8') };
  } catch (error) {
    if (!(error instanceof OutboundError)) throw error;
    if (error.kind === 'address_not_allowed') {
      return { ok: false, unreachable: false, reason: `address ${error.detail} is not allowed` };
    }
    if (error.kind === 'too_large') return { ok: false, unreachable: false, reason: error.detail };
    if (error.kind === 'timeout') {
      return { ok: false, unreachable: true, reason: `no answer within ${timeoutMs} ms` };
    }
    return { ok: false, unreachable: true, reason: error.detail };
  }
}

/** An absolute http(s) URL, or the error `invalid` builds. */
export function parseHttpUrl(raw: string, invalid: () => ClerkApiError): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw invalid();
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid();
  if (url.username || url.password) throw invalid();
  return url.toString();
}
