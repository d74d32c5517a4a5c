import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/** A JWT's parts once decoded (not yet trusted). */
export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
}

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** Headers are the same for every token of a key: encoded once per `kid`. */
const encodedHeaders = new Map<string, string>();

function encodedHeader(kid: string): string {
  let header = encodedHeaders.get(kid);
  if (header === undefined) {
    header = b64url(JSON.stringify({ alg: 'RS256', kid, typ: 'JWT' }));
    if (encodedHeaders.size > 10_000) encodedHeaders.clear();
    encodedHeaders.set(kid, header);
  }
  return header;
}

/**
 * An RS256 JWT: node:crypto's one-shot `sign('sha256', …)` over `header.payload`, with no
 * library in between (the header is encoded once per key). The callback form signs on the
 * libuv thread pool: a 2048-bit RSA signature takes about a millisecond, which would
 * otherwise block every other request on the event loop, and several run in parallel on
 * several cores.
 */
export function signRs256(kid: string, privateKey: KeyObject, payload: object): Promise<string> {
  const input = `${encodedHeader(kid)}.${b64url(JSON.stringify(payload))}`;
  return new Promise((resolve, reject) => {
    sign('sha256', Buffer.from(input), privateKey, (error, signature) => {
      if (error) reject(error);
      else resolve(`${input}.${signature.toString('base64url')}`);
    });
  });
}

/** Splits and parses a compact JWT; `undefined` when it is not one. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) return undefined;
  try {
    const header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as unknown;
    const payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as unknown;
    if (!isObject(header) || !isObject(payload)) return undefined;
    return {
      header,
      payload,
      signingInput: `${parts[0]}.${parts[1]}`,
      signature: Buffer.from(parts[2]!, 'base64url'),
    };
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether `jwt` is RS256 and signed by the public key `jwk` (a JWKS entry). */
export function verifyRs256(jwt: DecodedJwt, jwk: { kty: string; n: string; e: string }): boolean {
  if (jwt.header.alg !== 'RS256') return false;
  const key = createPublicKey({ key: { kty: jwk.kty, n: jwk.n, e: jwk.e }, format: 'jwk' });
  return verify('sha256', Buffer.from(jwt.signingInput), key, jwt.signature);
}
