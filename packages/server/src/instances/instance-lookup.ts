import type { Kysely } from 'kysely';
import type { Db } from '../db/schema.js';
import { toInstance } from './instance-rows.js';
import type { Instance } from './instance-service.js';
import { findInstanceById, listFirstInstances } from './instance-store.js';

/**
 * Instances found without a secret key, for the Frontend API (a browser names its instance
 * by path, by its dev-browser token or its `__client` cookie). No key was used, so the
 * instance carries no key hint.
 */
export async function findInstance(
  db: Kysely<Db>,
  instanceId: string,
): Promise<Instance | undefined> {
  const row = await findInstanceById(db, instanceId);
  return row && toInstance(row, '');
}

/** The server's instance when it has exactly one, else undefined. */
export async function findSoleInstance(db: Kysely<Db>): Promise<Instance | undefined> {
  const rows = await listFirstInstances(db, 2);
  return rows.length === 1 ? toInstance(rows[0]!, '') : undefined;
}
