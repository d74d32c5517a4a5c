import { beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../helpers/api.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';

const WALLET = '0x52908400098527886E0F7030069857D2E4169EE7';

describe.each(testDialects())('allow-list and block-list identifiers (%s)', (dialect) => {
  let t: TestInstance;
  let api: Api;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
    api = t.api;
  });

  describe.each([
    ['CreateAllowlistIdentifier', 'DeleteAllowlistIdentifier', 'allowlist_identifier', 'alid_'],
    ['CreateBlocklistIdentifier', 'DeleteBlocklistIdentifier', 'blocklist_identifier', 'blid_'],
  ] as const)('%s', (create, remove, object, prefix) => {
    it('adds an email, a domain, a phone number and a wallet, each typed and normalized', async () => {
      const cases = [
        [`  Ada.${object}@Example.com `, `Ada.${object}@Example.com`, 'email_address'],
        [
          `*@${prefix.slice(0, -1)}.Example.org`,
          `*@${prefix.slice(0, -1)}.example.org`,
          'email_address',
        ],
        [
          object === 'allowlist_identifier' ? '+1 (415) 555-2671' : '+44 20 7946 0958',
          object === 'allowlist_identifier' ? '+14155552671' : '+442079460958',
          'phone_number',
        ],
        [WALLET, WALLET, 'web3_wallet'],
      ] as const;
      for (const [sent, stored, type] of cases) {
        const entry = await api.ok(create, { body: { identifier: sent } });
        expect(entry).toMatchObject({
          object,
          identifier: stored,
          identifier_type: type,
          instance_id: t.instanceId,
        });
        expect(entry.id).toMatch(new RegExp(`^${prefix}[0-9A-Za-z]{27}$`));
        expect(entry.created_at).toBe(entry.updated_at);
        expect(Math.abs(entry.created_at! - Date.now())).toBeLessThan(60_000);
      }
    });

    it('refuses an identifier already on the list, whatever its case or formatting', async () => {
      await api.ok(create, { body: { identifier: `dup.${object}@example.com` } });
      const body = await api.fail(
        create,
        { body: { identifier: `DUP.${object}@EXAMPLE.COM` } },
        400,
        'duplicate_record',
      );
      expect(body.errors[0]!.long_message).toBe(
        `the identifier DUP.${object}@EXAMPLE.COM already exists`,
      );
      await api.ok(create, { body: { identifier: '+33 1 42 68 53 00' } });
      await api.fail(create, { body: { identifier: '+33142685300' } }, 400, 'duplicate_record');
      await api.ok(create, { body: { identifier: WALLET.replace('0x5', '0x6') } });
      await api.fail(
        create,
        { body: { identifier: WALLET.replace('0x5', '0x6').toLowerCase() } },
        400,
        'duplicate_record',
      );
    });

    it.each([
      ['not an identifier'],
      ['no-at-sign.example.com'],
      ['user@'],
      ['*@'],
      ['*@not a domain'],
      ['+1 555'],
      ['4155552671'],
      ['0x1234'],
      [''],
    ])('refuses %j with form_param_format_invalid', async (identifier) => {
      const body = await api.fail(
        create,
        { body: { identifier } },
        422,
        'form_param_format_invalid',
      );
      expect(body.errors[0]!.meta).toEqual({ param_name: 'identifier' });
    });

    it('needs an identifier, a string, and no other field', async () => {
      await api.fail(create, { body: {} }, 422, 'form_param_missing');
      await api.fail(create, { rawBody: { identifier: 42 } }, 422, 'form_param_format_invalid');
      await api.fail(
        create,
        { rawBody: { identifier: 'x@example.com', extra: true } },
        422,
        'form_param_unknown',
      );
    });

    it('adds an identifier sent twice at once only once', async () => {
      const identifier = `race.${object}@example.com`;
      const responses = await Promise.all(
        [1, 2, 3].map(() => api.call(create, { body: { identifier } })),
      );
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 400, 400]);
      for (const r of responses.filter((r) => r.status === 400)) {
        expect(r.body.errors[0].code).toBe('duplicate_record');
      }
    });

    it('deletes an entry once; an unknown ID is a 404', async () => {
      const entry = await api.ok(create, { body: { identifier: `gone.${object}@example.com` } });
      const deleted = await api.ok(remove, { params: { identifier_id: entry.id! } });
      expect(deleted).toEqual({ object, id: entry.id, deleted: true });
      await api.fail(remove, { params: { identifier_id: entry.id! } }, 404, 'resource_not_found');
      const body = await api.fail(
        remove,
        { params: { identifier_id: `${prefix}nope` } },
        404,
        'resource_not_found',
      );
      expect(body.errors[0]!.long_message).toBe(`No identifier was found with id ${prefix}nope.`);
      // Once deleted, the identifier can be added again.
      await api.ok(create, { body: { identifier: `gone.${object}@example.com` } });
    });

    it("does not see or delete another instance's entries", async () => {
      const other = await useTestInstance(dialect);
      const entry = await other.api.ok(create, {
        body: { identifier: `shared.${object}@example.com` },
      });
      await api.fail(remove, { params: { identifier_id: entry.id! } }, 404, 'resource_not_found');
      // The same identifier is free in this instance.
      await api.ok(create, { body: { identifier: `shared.${object}@example.com` } });
    });
  });

  it('puts the same identifier on both lists independently', async () => {
    await api.ok('CreateAllowlistIdentifier', { body: { identifier: 'both@example.com' } });
    await api.ok('CreateBlocklistIdentifier', { body: { identifier: 'both@example.com' } });
  });

  it('stores notify with an allow-list entry; an email gets an invitation (test/invitations)', async () => {
    const entry = await api.ok('CreateAllowlistIdentifier', {
      body: { identifier: 'invite-me@example.com', notify: true },
    });
    const row = await t.database.db
      .selectFrom('allowlist_identifiers')
      .select(['notify', 'invitation_id'])
      .where('id', '=', entry.id!)
      .executeTakeFirstOrThrow();
    expect(Boolean(row.notify)).toBe(true);
    expect(row.invitation_id).toMatch(/^inv_/);
    expect(entry.invitation_id).toBe(row.invitation_id);
    await api.fail(
      'CreateAllowlistIdentifier',
      { rawBody: { identifier: 'x@example.com', notify: 'yes' } },
      422,
      'form_param_format_invalid',
    );
  });
});
