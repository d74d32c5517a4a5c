import type { Kysely } from 'kysely';
import type { Db } from '../db/schema.js';
import type { Clock } from '../platform/clock.js';
import { digestsEqual, hashCredential, isCredentialShape } from './machine-credentials.js';
import { findMachineByKeyHash } from './machine-store.js';

/** Whom a machine secret key authenticates: a machine of an instance. */
export interface MachineKeyOwner {
  instanceId: string;
  machineId: string;
}

/**
 * Resolves `Authorization: Bearer ak_…` to its machine: the current key, or the previous
 * one while its rotation grace period lasts (read on the server's clock). Not cached, so a
 * rotation or a deletion takes effect on the next request.
 */
export function createMachineKeyResolver(db: Kysely<Db>, clock: Clock) {
  return async function resolveMachineKey(key: string): Promise<MachineKeyOwner | undefined> {
    if (!isCredentialShape(key, 'ak')) return undefined;
    const hash = hashCredential(key);
    const found = await findMachineByKeyHash(db, hash, clock.now());
    if (!found || !digestsEqual(hash, found.matched)) return undefined;
    return { instanceId: found.row.instance_id, machineId: found.row.id };
  };
}
