import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** 48 base62 characters: about 285 bits, from bytes below 248 so each character is uniform. */
function randomBase62(length = 48): string {
  let out = '';
  while (out.length < length) {
    for (const b of randomBytes(length)) {
      if (b < 248 && out.length < length) out += BASE62[b % 62];
    }
  }
  return out;
}

/** `ak_…`: Clerk's prefix for machine secret keys (`createClerkClient({ machineSecretKey })`). */
export function generateMachineSecretKey(): string {
  return `ak_${randomBase62()}`;
}

/** `ak_…`: what `@clerk/backend` takes for an API key (`API_KEY_PREFIX`). */
export function generateApiKeySecret(): string {
  return `ak_${randomBase62()}`;
}

/** `mt_…`: what `@clerk/backend` takes for an opaque M2M token (`M2M_TOKEN_PREFIX`). */
export function generateOpaqueM2MToken(): string {
  return `mt_${randomBase62()}`;
}

let sequence = 0;

/**
 * The spec's IDs of API keys and M2M tokens: prefix and 32 hex digits (`^ak_[0-9A-Fa-f]{32}$`).
 * Time-ordered like every other ID: 12 digits of the millisecond, 4 of a per-process counter
 * (rows made in the same millisecond keep their order), 16 random. Lists break `created_at`
 * ties by ID, so their order is the order of creation.
 */
export function generateHexId(prefix: 'ak' | 'mt', nowMs: number = Date.now()): string {
  sequence = (sequence + 1) % 0x10000;
  const time = Math.floor(nowMs).toString(16).padStart(12, '0').slice(-12);
  const counter = sequence.toString(16).padStart(4, '0');
  return `${prefix}_${time}${counter}${randomBytes(8).toString('hex')}`;
}

/**
 * Secrets are looked up by their SHA-256. A keyed hash would only matter for guessable
 * values: every secret here is ~285 random bits, so the digest of a leaked row gives an
 * attacker nothing to search, and lookups survive a rotation of the encryption key.
 */
export function hashCredential(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Compares two hex digests in constant time. */
export function digestsEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a, 'hex');
  const bb = Buffer.from(b, 'hex');
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** Machine keys, API key secrets and opaque tokens are `<prefix>_` and 48 letters and digits. */
const CREDENTIAL_SHAPE = /^(ak|mt)_[0-9A-Za-z]{48}$/;

export function isCredentialShape(value: string, prefix: 'ak' | 'mt'): boolean {
  return CREDENTIAL_SHAPE.test(value) && value.startsWith(`${prefix}_`);
}

/**
 * `last_used_at` is written at most once a minute per key or token: a verification that
 * wrote on every call would turn each read into a write transaction (docs/benchmarks.md).
 */
export const LAST_USED_RESOLUTION_MS = 60_000;

export function lastUsedIsStale(lastUsedAt: number | null, now: number): boolean {
  return lastUsedAt === null || now - Number(lastUsedAt) >= LAST_USED_RESOLUTION_MS;
}
