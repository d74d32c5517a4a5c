import type { KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import { toBool } from '../db/values.js';
import type { Db } from '../db/schema.js';
import { LruCache } from '../cache/lru-cache.js';
import type { SecretBox } from '../secrets/secret-box.js';
import { listSigningKeys } from './instance-store.js';
import { openSigningKey } from './signing-keys.js';

/** The key an instance signs its tokens with now: the newest active one. */
export interface ActiveSigningKey {
  kid: string;
  algorithm: 'RS256';
  privateKey: KeyObject;
}

/**
 * How long a node keeps signing with the key it read. A key added on another node starts
 * signing here within this time; the key it replaces keeps verifying until it is removed,
 * so tokens from either key stay valid meanwhile.
 */
const SIGNING_KEY_TTL_MS = 10_000;

const signingKeys = new LruCache<string, ActiveSigningKey>(1_000, SIGNING_KEY_TTL_MS);
const inFlight = new Map<string, Promise<ActiveSigningKey>>();

async function readCurrentSigningKey(
  db: Kysely<Db>,
  secrets: SecretBox,
  instanceId: string,
): Promise<ActiveSigningKey> {
  const active = (await listSigningKeys(db, instanceId)).filter((row) => toBool(row.active));
  const newest = active.at(-1);
  if (!newest) throw new Error(`instance ${instanceId} has no active signing key`);
  const key: ActiveSigningKey = {
    kid: newest.kid,
    algorithm: 'RS256',
    privateKey: openSigningKey(secrets, newest),
  };
  signingKeys.set(instanceId, key);
  return key;
}

/**
 * The instance's current signing key, its private half opened once and cached (opening a
 * sealed PEM and parsing it costs more than signing a token). Concurrent first calls share
 * one read.
 */
export async function currentSigningKey(scope: {
  db: Kysely<Db>;
  secrets: SecretBox;
  instanceId: string;
}): Promise<ActiveSigningKey> {
  const cached = signingKeys.get(scope.instanceId);
  if (cached) return cached;
  let pending = inFlight.get(scope.instanceId);
  if (!pending) {
    pending = readCurrentSigningKey(scope.db, scope.secrets, scope.instanceId).finally(() =>
      inFlight.delete(scope.instanceId),
    );
    inFlight.set(scope.instanceId, pending);
  }
  return pending;
}

/** Forgets the cached key of an instance (after this node rotated it). */
export function forgetSigningKey(instanceId: string): void {
  signingKeys.delete(instanceId);
}
