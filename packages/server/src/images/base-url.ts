import type { AddressInfo } from 'node:net';

/** Before the server listens (tests call it with `inject()`), URLs are on this origin. */
const NOT_LISTENING = 'http://localhost';

function listeningUrl(address: AddressInfo | string | null): string | undefined {
  if (!address || typeof address === 'string') return undefined;
  // A wildcard bind is reachable on loopback at least; other hosts need `--public-url`.
  const wildcard = address.address === '0.0.0.0' || address.address === '::';
  const host = wildcard ? 'localhost' : address.address;
  return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
}

/**
 * The origin (and path prefix) of the URLs the server puts in its answers (`image_url`):
 * the configured public URL (`--public-url`, behind a proxy or TLS terminator), else the
 * address the server listens on. Never the request's `Host` header, which the client
 * chooses: an image URL must not be made to point at another host.
 */
export function createBaseUrlResolver(
  publicUrl: string | undefined,
  address: () => AddressInfo | string | null,
): () => string {
  if (publicUrl) {
    const fixed = publicUrl.replace(/\/+$/, '');
    return () => fixed;
  }
  // Read once listening: `server.address()` per request was ~2 % of a light request.
  let listening: string | undefined;
  return () => (listening ??= listeningUrl(address())) ?? NOT_LISTENING;
}
