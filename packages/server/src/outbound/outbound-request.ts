import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isAddressAllowed, type AddressPolicy } from './address-policy.js';
import { OutboundError } from './outbound-error.js';

export interface OutboundRequest {
  url: string;
  method?: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  /** Sent as is, with its `Content-Length` (a webhook's JSON, say). */
  body?: string | Buffer;
  /** The whole exchange (DNS, connect, headers, body) must end within it. Default 5 s. */
  timeoutMs?: number;
  /** A longer body fails the request. Default 64 KiB. */
  maxResponseBytes?: number;
  policy: AddressPolicy;
}

export interface OutboundResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** The address the request connected to (checked against the policy). */
  address: string;
}

export const DEFAULT_TIMEOUT_MS = 5_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * Resolves `host` and checks every address it resolves to, so a name with one public and
 * one private record cannot reach the private one on a retry. Answers the first address.
 */
async function resolveChecked(policy: AddressPolicy, host: string): Promise<string> {
  const literal = host.replace(/^\[|\]$/g, '');
  const addresses = isIP(literal)
    ? [literal]
    : (
        await dnsLookup(host, { all: true, verbatim: true }).catch((error: Error) => {
          throw new OutboundError('network', `${host} does not resolve (${error.message})`);
        })
      ).map((entry) => entry.address);
  const refused = addresses.find((address) => !isAddressAllowed(policy, host, address));
  if (refused !== undefined || addresses.length === 0) {
    throw new OutboundError('address_not_allowed', refused ?? 'no address', refused);
  }
  return addresses[0]!;
}

/**
 * One outbound HTTP(S) request under an address policy: the host is resolved and checked
 * here, and the socket connects to that checked address (a `lookup` that answers it), so a
 * second DNS answer cannot rebind the request elsewhere. TLS still verifies the host name.
 * Redirects are not followed (a 3xx is the answer). The timeout covers the whole exchange;
 * a body over the cap aborts it.
 */
export async function sendOutboundRequest(request: OutboundRequest): Promise<OutboundResponse> {
  const url = new URL(request.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new OutboundError('network', `unsupported scheme ${url.protocol}`);
  }
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = request.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const timeout = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () =>
      reject(new OutboundError('timeout', `no answer within ${timeoutMs} ms`)),
    );
  });
  timeout.catch(() => {}); // observed by the race below; never an unhandled rejection
  try {
    const address = await Promise.race([resolveChecked(request.policy, url.hostname), timeout]);
    return await Promise.race([
      exchange(url, address, request, maxBytes, controller.signal),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

function exchange(
  url: URL,
  address: string,
  request: OutboundRequest,
  maxBytes: number,
  signal: AbortSignal,
): Promise<OutboundResponse> {
  const family = isIP(address);
  const lookup: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: request.method ?? 'GET',
        headers: {
          ...request.headers,
          ...(request.body !== undefined
            ? { 'content-length': String(Buffer.byteLength(request.body)) }
            : {}),
        },
        lookup,
        signal,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            res.destroy();
            reject(new OutboundError('too_large', `the answer is over ${maxBytes} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
            address,
          }),
        );
        res.on('error', (error) => reject(new OutboundError('network', error.message)));
      },
    );
    req.on('error', (error) => reject(new OutboundError('network', error.message)));
    req.end(request.body);
  });
}
