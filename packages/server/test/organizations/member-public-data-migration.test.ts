import { beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, revertMigrationsFrom } from '../../src/db/migrate.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { uniquePhone } from '../helpers/phones.js';
import { testDialects } from '../helpers/test-server.js';
import { uniqueEmail } from '../helpers/users.js';

/**
 * The migration that adds `user_public_data` copies every existing user into it: run again
 * over users the server wrote, it gives the rows the server's writes gave.
 */
describe.each(testDialects())('user public data migration (%s)', (dialect) => {
  let t: TestInstance;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
  });

  it('copies names, username, image, ban and the display form of the identifier', async () => {
    const ids: string[] = [];
    const create = async (body: Record<string, unknown>) => {
      const user = await t.api.ok('CreateUser', {
        body: { skip_password_requirement: true, ...body },
      });
      ids.push(user.id);
      return user;
    };
    await create({ email_address: [uniqueEmail('Mixed.Case')], first_name: 'Ada' });
    await create({ phone_number: [uniquePhone()], last_name: 'Phone' });
    await create({ username: `only${Date.now()}` });
    const both = await create({
      email_address: [uniqueEmail('First'), uniqueEmail('Second')],
      phone_number: [uniquePhone()],
    });
    await t.api.ok('UpdateUser', {
      params: { user_id: both.id },
      body: { primary_email_address_id: both.email_addresses[1]!.id },
    });
    await t.api.ok('BanUser', { params: { user_id: both.id } });

    const db = t.app.castellan.database.db;
    const rows = () =>
      db.selectFrom('user_public_data').selectAll().where('id', 'in', ids).orderBy('id').execute();
    const written = await rows();
    expect(written).toHaveLength(4);
    expect(written.find((r) => r.id === both.id)!.identifier).toBe(
      both.email_addresses[1]!.email_address,
    );

    const name = '2026-12-07T27-user-public-data';
    expect(await revertMigrationsFrom(db, name)).toContain(name);
    expect(await migrateToLatest(db)).toContain(name);
    expect(await rows()).toEqual(written);
  });
});
