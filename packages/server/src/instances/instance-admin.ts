import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import type { InstanceEnvironment } from '../db/schema.js';
import { runTransaction } from '../db/write-guard.js';
import type { SecretBox } from '../secrets/secret-box.js';
import { toInstance } from './instance-rows.js';
import { createInstance, type Instance } from './instance-service.js';
import { findInstanceById, listInstances } from './instance-store.js';
import type { InstanceSettings } from './instance-settings.js';
import { listSecretKeys } from './secret-key-store.js';

/** A refused instance operation: the CLI prints its message and exits non-zero. */
export class InstanceAdminError extends Error {}

/** A host (and port) clients reach the Frontend API at: no scheme, path or spaces. */
const FRONTEND_API_HOST =
  /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*(:\d{1,5})?$/;

export function checkFrontendApiHost(host: string): string {
  if (!FRONTEND_API_HOST.test(host) || host.length > 253)
    throw new InstanceAdminError(
      `--frontend-api must be a host name, optionally with a port (clerk.example.com, localhost:3210), not ${JSON.stringify(host)}.`,
    );
  return host.toLowerCase();
}

/**
 * Creates a further instance (`castellan instances create`). Its frontend API host
 * defaults to one unique to it: `ins-<id>.castellan.accounts.dev` for a development
 * instance, `<instance id>.localhost` for a production one.
 */
export async function createNamedInstance(
  database: Database,
  secrets: SecretBox,
  options: {
    name: string;
    environment: InstanceEnvironment;
    frontendApi?: string | undefined;
    settings?: InstanceSettings | undefined;
  },
): Promise<{ instance: Instance; secretKey: string }> {
  const name = options.name.trim();
  if (!name || name.length > 100)
    throw new InstanceAdminError('--name must be 1 to 100 characters.');
  const frontendApi = options.frontendApi ? checkFrontendApiHost(options.frontendApi) : undefined;
  // The Frontend API finds its instance by host: two instances cannot share one.
  if (frontendApi && (await listInstances(database.db)).some((i) => i.frontend_api === frontendApi))
    throw new InstanceAdminError(`Another instance already has the frontend API ${frontendApi}.`);
  return createInstance(database.db, {
    name,
    environment: options.environment,
    // The default host names the instance: unique, and says which instance it is
    // (frontend-hosts.ts: one clerk-js runs its dev browser for on development instances).
    frontendApi,
    secrets,
    settings: options.settings,
  });
}

/** Every instance, oldest first, each with the hint of its newest unrevoked key. */
export async function listAllInstances(database: Database): Promise<Instance[]> {
  const rows = await listInstances(database.db);
  return Promise.all(
    rows.map(async (row) => {
      const keys = await listSecretKeys(database.db, row.id);
      return toInstance(row, keys.filter((k) => k.revoked_at === null).at(-1)?.hint ?? '');
    }),
  );
}

/**
 * Removes an instance and everything it holds. First its keys are revoked and
 * `waitForKeyCaches` waits until no node can still accept them (the resolver's cache), so
 * no request reaches an instance being deleted; then its rows go. Most tables cascade from
 * `instances`; the rest (the outbox, messages, SQLite's search table, and any table a later
 * version adds without the foreign key) are swept by their `instance_id` column, found by
 * introspection so a new table cannot be forgotten. The default instance is refused unless
 * `force`.
 */
export async function removeInstance(
  database: Database,
  instanceId: string,
  options: { force: boolean; waitForKeyCaches: () => Promise<void> },
): Promise<Instance> {
  const row = await findInstanceById(database.db, instanceId);
  if (!row) throw new InstanceAdminError(`No instance ${instanceId}.`);
  const instance = toInstance(row, '');
  if (instance.isDefault && !options.force)
    throw new InstanceAdminError(
      `${instanceId} is the default instance: every app using its keys would stop working. Add --force to remove it anyway (the next start creates a new default instance).`,
    );
  await database.db
    .updateTable('secret_keys')
    .set({ revoked_at: Date.now() })
    .where('instance_id', '=', instanceId)
    .where('revoked_at', 'is', null)
    .execute();
  await options.waitForKeyCaches();
  const tables = await database.db.introspection.getTables();
  const swept = tables
    .filter((t) => !t.isView && t.name !== 'instances')
    .filter((t) => t.columns.some((c) => c.name === 'instance_id'))
    .map((t) => t.name);
  await runTransaction(database.db, async (trx) => {
    await trx.deleteFrom('instances').where('id', '=', instanceId).execute();
    for (const table of swept)
      await sql`delete from ${sql.table(table)} where instance_id = ${instanceId}`.execute(trx);
  });
  return instance;
}
