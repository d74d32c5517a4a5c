import { Migrator, type Kysely, type Migration } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/migrate.js';
import * as initial from '../../src/db/migrations/2026-11-26T00-initial.js';
import * as secretsAtRest from '../../src/db/migrations/2026-12-01T00-secrets-at-rest.js';
import * as userLockout from '../../src/db/migrations/2026-12-06T01-user-lockout.js';
import * as verifications from '../../src/db/migrations/2026-12-06T02-verifications-and-messages.js';
import * as profile from '../../src/db/migrations/2026-12-06T03-profile-and-accounts.js';
import * as restrictions from '../../src/db/migrations/2026-12-06T04-restrictions.js';
import * as environment from '../../src/db/migrations/2026-12-07T00-instance-environment.js';
import type { Db } from '../../src/db/schema.js';
import { bootstrapDefaultInstance } from '../../src/instances/instance-service.js';
import { createInstanceResolver } from '../../src/instances/instance-resolver.js';
import { hashSecretKey } from '../../src/instances/secret-keys.js';
import { createSecretBox } from '../../src/secrets/secret-box.js';
import { toEncryptionKeyRing } from '../../src/secrets/encryption-key.js';
import {
  createTestDatabase,
  TEST_ENCRYPTION_KEY,
  testDialects,
  type TestDatabase,
} from '../helpers/test-server.js';

const BEFORE: Record<string, Migration> = {
  '2026-11-26T00-initial': initial,
  '2026-12-01T00-secrets-at-rest': secretsAtRest,
  '2026-12-06T01-user-lockout': userLockout,
  '2026-12-06T02-verifications-and-messages': verifications,
  '2026-12-06T03-profile-and-accounts': profile,
  '2026-12-06T04-restrictions': restrictions,
  '2026-12-07T00-instance-environment': environment,
};
const OLD_KEY = 'sk_test_keyStoredOnTheInstanceRowBeforeKeys0001';

describe.each(testDialects())('secret keys migration (%s)', (dialect) => {
  const dropped: TestDatabase[] = [];
  afterAll(async () => {
    for (const test of dropped) {
      await test.database.close();
      await test.drop();
    }
  });

  it("moves each instance's key to secret_keys: the key keeps working and pinning it passes", async () => {
    const test = await createTestDatabase(dialect);
    dropped.push(test);
    const db = test.database.db as Kysely<any>;
    const migrator = new Migrator({
      db,
      provider: { getMigrations: async () => BEFORE },
      migrationTableName: 'castellan_migration',
      migrationLockTableName: 'castellan_migration_lock',
    });
    const { error } = await migrator.migrateToLatest();
    if (error) throw error;
    await db
      .insertInto('instances')
      .values({
        id: 'ins_2abcdefghijklmnopqrstuvwxyz',
        name: 'default',
        secret_key_hash: hashSecretKey(OLD_KEY),
        secret_key_hint: 'sk_test_…0001',
        publishable_key: 'pk_test_x',
        frontend_api: 'old.localhost',
        is_default: dialect === 'sqlite' ? 1 : true,
        created_at: 5,
        updated_at: 5,
      })
      .execute();

    expect(await migrateToLatest(db)).toContain('2026-12-07T04-secret-keys');
    const typed = test.database.db as Kysely<Db>;
    expect(await typed.selectFrom('secret_keys').selectAll().execute()).toEqual([
      {
        id: 'skey_2abcdefghijklmnopqrstuvwxyz',
        instance_id: 'ins_2abcdefghijklmnopqrstuvwxyz',
        hash: hashSecretKey(OLD_KEY),
        hint: 'sk_test_…0001',
        created_at: 5,
        revoked_at: null,
      },
    ]);
    const row = await typed.selectFrom('instances').selectAll().executeTakeFirstOrThrow();
    expect([row.secret_key_hash, row.secret_key_hint]).toEqual([
      'secret_keys:ins_2abcdefghijklmnopqrstuvwxyz',
      '',
    ]);
    expect((await createInstanceResolver(typed)(OLD_KEY))?.id).toBe(
      'ins_2abcdefghijklmnopqrstuvwxyz',
    );
    const secrets = createSecretBox(toEncryptionKeyRing(TEST_ENCRYPTION_KEY, []));
    const boot = await bootstrapDefaultInstance(typed, {
      pinnedSecretKey: OLD_KEY,
      frontendApi: 'old.localhost',
      secrets,
    });
    expect(boot).toMatchObject({ created: false, instance: { secretKeyHint: 'sk_test_…0001' } });
  });
});
