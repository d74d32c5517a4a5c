import { createPrivateKey, createSecretKey, type KeyObject } from 'node:crypto';
import { LruCache } from '../cache/lru-cache.js';
import { apiErrors } from '../errors/api-errors.js';
import { isSealed, type SecretBox, type SecretLocation } from '../secrets/secret-box.js';

/** The algorithms a template's custom key may sign with (JWS names, RFC 7518 and 8037). */
export const SIGNING_ALGORITHMS = [
  'HS256',
  'HS384',
  'HS512',
  'RS256',
  'RS384',
  'RS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

/** What the instance's own key signs with: a template without a custom key says this. */
export const INSTANCE_ALGORITHM = 'RS256';

/** RFC 7518 §6.2.1.1: the curve each ES algorithm signs on (node's names). */
const CURVES: Record<string, string> = {
  ES256: 'prime256v1',
  ES384: 'secp384r1',
  ES512: 'secp521r1',
};

export function isSigningAlgorithm(value: string): value is SigningAlgorithm {
  return (SIGNING_ALGORITHMS as readonly string[]).includes(value);
}

function refuse(algorithm: string, reason: string): Error {
  return apiErrors.signingKeyInvalid(algorithm, reason);
}

function parsePrivateKey(algorithm: string, pem: string): KeyObject {
  if (!pem.includes('-----BEGIN')) throw refuse(algorithm, 'it must be a PEM private key');
  try {
    return createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    // A public key, an encrypted key or damaged PEM: none of them can sign.
    throw refuse(algorithm, 'it is not an unencrypted PEM private key');
  }
}

/**
 * The key `signing_key` holds, checked against `algorithm`: an HS secret is text of at least
 * the hash's size (RFC 7518 §3.2) and no PEM; an RS key is RSA of 2048 bits or more; an ES
 * key is EC on the algorithm's curve; an EdDSA key is Ed25519. Anything else is a 422, so a
 * template never holds a key that would fail when a token is asked for.
 */
export function parseSigningKey(algorithm: SigningAlgorithm, key: string): KeyObject {
  if (algorithm.startsWith('HS')) {
    if (key.includes('-----BEGIN')) throw refuse(algorithm, 'it is a PEM key, not an HMAC secret');
    const bytes = Buffer.from(key, 'utf8');
    const minimum = Number(algorithm.slice(2)) / 8;
    if (bytes.length < minimum) throw refuse(algorithm, `it must be at least ${minimum} bytes`);
    return createSecretKey(bytes);
  }
  const parsed = parsePrivateKey(algorithm, key);
  const type = parsed.asymmetricKeyType;
  const details = parsed.asymmetricKeyDetails ?? {};
  if (algorithm.startsWith('RS')) {
    if (type !== 'rsa') throw refuse(algorithm, `it is an ${type} key, not an RSA key`);
    if ((details.modulusLength ?? 0) < 2048) {
      throw refuse(algorithm, 'an RSA key must have at least 2048 bits');
    }
  } else if (algorithm.startsWith('ES')) {
    if (type !== 'ec') throw refuse(algorithm, `it is an ${type} key, not an EC key`);
    if (details.namedCurve !== CURVES[algorithm]) {
      throw refuse(algorithm, `it is on ${details.namedCurve}, not on ${CURVES[algorithm]}`);
    }
  } else if (type !== 'ed25519') {
    throw refuse(algorithm, `it is an ${type} key, not an Ed25519 key`);
  }
  return parsed;
}

function locationOf(templateId: string): SecretLocation {
  return { table: 'jwt_templates', column: 'signing_key', rowId: templateId };
}

/** A custom key as stored: sealed to its template's row (ADR 0003). */
export function sealSigningKey(secrets: SecretBox, templateId: string, key: string): string {
  return secrets.seal(key, locationOf(templateId));
}

/**
 * Opened keys, by their sealed text: a new key is sealed with a fresh IV, so a changed key
 * is never served from here, and opening and parsing a key costs more than signing.
 */
const openedKeys = new LruCache<string, KeyObject>(1_000, 10 * 60_000);

/** The key a template's tokens are signed with. */
export function openSigningKey(
  secrets: SecretBox,
  template: { id: string; signing_algorithm: string; signing_key: string },
): KeyObject {
  const cached = openedKeys.get(template.signing_key);
  if (cached) return cached;
  const algorithm = template.signing_algorithm;
  if (!isSigningAlgorithm(algorithm)) throw new Error(`unknown algorithm ${algorithm}`);
  // A key in clear was written by a node without encryption; the next start seals it.
  const stored = template.signing_key;
  const plain = isSealed(stored) ? secrets.open(stored, locationOf(template.id)) : stored;
  const key = parseSigningKey(algorithm, plain);
  openedKeys.set(template.signing_key, key);
  return key;
}
