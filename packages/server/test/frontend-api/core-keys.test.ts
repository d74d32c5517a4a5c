import { createDevOrStagingUrlCache, parsePublishableKey } from '@clerk/shared/keys';
import { describe, expect, it } from 'vitest';
import { createServer } from '../../src/app.js';
import { openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { up as migrateHosts } from '../../src/db/migrations/2026-12-07T24-frontend-api-hosts.js';
import { createInstance } from '../../src/instances/instance-service.js';
import { createNamedInstance } from '../../src/instances/instance-admin.js';
import { testDialects } from '../helpers/test-server.js';
import { useTestInstance } from '../helpers/test-instance.js';

const { isDevOrStagingUrl } = createDevOrStagingUrlCache();

/** What clerk-js makes of a key: its host, and whether it runs the dev browser. */
function clerkJsView(publishableKey: string) {
  const parsed = parsePublishableKey(publishableKey, { fatal: true });
  return { ...parsed, devBrowser: isDevOrStagingUrl(parsed!.frontendApi) };
}

/** Keys clerk-js accepts (FAPI-NOTES "Further facts" 1), checked with Clerk's own parser. */
describe.each(testDialects())('Frontend API keys (%s)', (dialect) => {
  it('gives a new development instance a pk_test_ key clerk-js parses and runs its dev browser for', async () => {
    const t = await useTestInstance(dialect);
    const { instance } = await createInstance(t.database.db, {
      name: 'keys-dev',
      secrets: t.app.castellan.secrets,
    });
    expect(instance.frontendApi).toBe(
      `${instance.id.toLowerCase().replace('_', '-')}.castellan.accounts.dev`,
    );
    expect(clerkJsView(instance.publishableKey)).toMatchObject({
      instanceType: 'development',
      frontendApi: instance.frontendApi,
      devBrowser: true,
    });
  });

  it('gives a production instance a pk_live_ key of its host', async () => {
    const t = await useTestInstance(dialect);
    const { instance } = await createNamedInstance(t.database, t.app.castellan.secrets, {
      name: 'keys-prod',
      environment: 'production',
      frontendApi: 'clerk.keys-prod.example',
    });
    expect(clerkJsView(instance.publishableKey)).toMatchObject({
      instanceType: 'production',
      frontendApi: 'clerk.keys-prod.example',
      devBrowser: false,
    });
  });
});

describe('the default instance and the 2026-12-07T24 migration', () => {
  it('starts a new server with a development key clerk-js accepts', async () => {
    const app = await createServer({ database: { url: ':memory:' }, logger: false });
    try {
      const { instance } = app.castellan.bootstrap;
      expect(clerkJsView(instance.publishableKey).devBrowser).toBe(true);
      expect(instance.frontendApi).not.toContain(':');
    } finally {
      await app.close();
    }
  });

  it("replaces old default hosts of development instances and keeps operators' own", async () => {
    const database = openDatabase({ url: ':memory:' });
    try {
      await migrateToLatest(database.db);
      const insert = (id: string, host: string, environment: string) =>
        database.db
          .insertInto('instances')
          .values({
            id,
            name: id,
            secret_key_hash: `secret_keys:${id}`,
            secret_key_hint: '',
            publishable_key: `pk_test_${Buffer.from(`${host}$`).toString('base64')}`,
            frontend_api: host,
            environment: environment as 'development',
            is_default: false,
            created_at: 1,
            updated_at: 1,
          })
          .execute();
      await insert('ins_Old1', 'localhost:3210', 'development');
      await insert('ins_Old2', 'ins_old2.localhost', 'development');
      await insert('ins_Own', 'dev.example.com', 'development');
      await insert('ins_Prod', 'prod.localhost', 'production');
      await migrateHosts(database.db);
      const rows = await database.db
        .selectFrom('instances')
        .select(['id', 'frontend_api', 'publishable_key'])
        .orderBy('id')
        .execute();
      const byId = new Map(rows.map((r) => [r.id, r]));
      expect(byId.get('ins_Old1')!.frontend_api).toBe('ins-old1.castellan.accounts.dev');
      expect(clerkJsView(byId.get('ins_Old1')!.publishable_key)).toMatchObject({
        frontendApi: 'ins-old1.castellan.accounts.dev',
        devBrowser: true,
      });
      expect(byId.get('ins_Old2')!.frontend_api).toBe('ins-old2.castellan.accounts.dev');
      expect(byId.get('ins_Own')!.frontend_api).toBe('dev.example.com');
      expect(byId.get('ins_Prod')!.frontend_api).toBe('prod.localhost');
    } finally {
      await database.close();
    }
  });
});
