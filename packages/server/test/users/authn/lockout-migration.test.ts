import { Migrator, type Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../../src/db/migrate.js';
import * as initial from '../../../src/db/migrations/2026-11-26T00-initial.js';
import * as secretsAtRest from '../../../src/db/migrations/2026-12-01T00-secrets-at-rest.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../../helpers/test-server.js';

/** The state before the lockout migration: only the migrations written before it. */
async function migrateToBeforeLockout(db: Kysely<any>) {
  const migrator = new Migrator({
    db,
    provider: {
      getMigrations: async () => ({
        '2026-11-26T00-initial': initial,
        '2026-12-01T00-secrets-at-rest': secretsAtRest,
      }),
    },
    migrationTableName: 'castellan_migration',
    migrationLockTableName: 'castellan_migration_lock',
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
}

describe.each(testDialects())('user lockout migration (%s)', (dialect) => {
  const dropped: TestDatabase[] = [];
  afterAll(async () => {
    for (const test of dropped) {
      await test.database.close();
      await test.drop();
    }
  });

  it('gives users locked before it a lock time (their last update) and everyone zero attempts', async () => {
    const test = await createTestDatabase(dialect);
    dropped.push(test);
    const db = test.database.db as Kysely<any>;
    await migrateToBeforeLockout(db);
    const bool = (v: boolean) => (dialect === 'sqlite' ? Number(v) : v);
    await db
      .insertInto('instances')
      .values({
        id: 'ins_1',
        name: 'old',
        secret_key_hash: 'h',
        secret_key_hint: 'k',
        publishable_key: 'pk',
        frontend_api: 'old.localhost',
        created_at: 1,
        updated_at: 1,
      })
      .execute();
    const user = (id: string, locked: boolean) => ({
      id,
      instance_id: 'ins_1',
      public_metadata: '{}',
      private_metadata: '{}',
      unsafe_metadata: '{}',
      banned: bool(false),
      locked: bool(locked),
      delete_self_enabled: bool(true),
      create_organization_enabled: bool(true),
      bypass_client_trust: bool(false),
      emails: '[]',
      phones: '[]',
      wallets: '[]',
      created_at: 1000,
      updated_at: 5000,
    });
    await db
      .insertInto('users')
      .values([user('user_a', true), user('user_b', false)])
      .execute();

    expect(await migrateToLatest(db)).toContain('2026-12-06T01-user-lockout');
    const rows = await db
      .selectFrom('users')
      .select(['id', 'locked_at', 'failed_verification_attempts', 'totp_last_used_step'])
      .orderBy('id')
      .execute();
    expect(rows.map((r) => ({ ...r, locked_at: r.locked_at && Number(r.locked_at) }))).toEqual([
      { id: 'user_a', locked_at: 5000, failed_verification_attempts: 0, totp_last_used_step: null },
      { id: 'user_b', locked_at: null, failed_verification_attempts: 0, totp_last_used_step: null },
    ]);
    expect(await db.selectFrom('instance_settings').selectAll().execute()).toEqual([]);
  });
});
