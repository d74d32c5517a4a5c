import { apiErrors } from '../errors/api-errors.js';
import type { ClerkApiError } from '../errors/clerk-api-error.js';
import type { AddressPolicy } from '../outbound/address-policy.js';
import { OutboundError } from '../outbound/outbound-error.js';
import type { OutboundOptions } from '../outbound/outbound-options.js';
import { DEFAULT_TIMEOUT_MS, sendOutboundRequest } from '../outbound/outbound-request.js';

/** Where a Frontend API proxy answers Clerk's health check, relative to the proxy URL. */
export const PROXY_HEALTH_PATH = '/v1/proxy-health';

/**
 * Asks the proxy for the Frontend API's proxy health (`GET <proxy_url>/v1/proxy-health
 * ?domain_id=…`, with `Clerk-Proxy-Url` as a proxy forwards it). A working proxy relays the
 * Frontend API's JSON answer; an HTML page, a redirect or an error status means requests
 * do not reach the Frontend API. Answers `undefined` when the proxy works, else the error.
 */
export async function checkProxyHealth(
  proxyUrl: string,
  domainId: string,
  policy: AddressPolicy,
  options: OutboundOptions,
): Promise<ClerkApiError | undefined> {
  const url = `${proxyUrl}${PROXY_HEALTH_PATH}?domain_id=${encodeURIComponent(domainId)}`;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  try {
    const answer = await sendOutboundRequest({
      url,
      headers: {
        accept: 'application/json',
        'clerk-proxy-url': proxyUrl,
        'user-agent': 'Castellan',
      },
      timeoutMs,
      maxResponseBytes: options.maxResponseBytes,
      policy,
    });
    if (answer.status !== 200)
      return apiErrors.proxyResponseInvalid(url, `status ${answer.status}`);
    const type = String(answer.headers['content-type'] ?? '')
      .split(';')[0]!
      .trim()
      .toLowerCase();
    if (type !== 'application/json') {
      return apiErrors.proxyResponseInvalid(url, `content type ${type || 'none'}, not JSON`);
    }
    let body: unknown;
    try {
      body = JSON.parse(answer.body.toString('utf8'));
    } catch {
      return apiErrors.proxyResponseInvalid(url, 'the body is not JSON');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return apiErrors.proxyResponseInvalid(url, 'the body is not a JSON object');
    }
    return undefined;
  } catch (error) {
    if (!(error instanceof OutboundError)) throw error;
    if (error.kind === 'timeout') return apiErrors.proxyRequestTimeout(proxyUrl, timeoutMs);
    if (error.kind === 'address_not_allowed') {
      return apiErrors.proxyAddressNotAllowed(proxyUrl, error.address ?? error.detail);
    }
    return apiErrors.proxyRequestFailed(proxyUrl, error.detail);
  }
}
