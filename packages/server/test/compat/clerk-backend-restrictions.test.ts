import { describe, expect, it } from 'vitest';
import { useClerkBackend } from '../helpers/clerk-backend.js';
import { testDialects } from '../helpers/test-server.js';

/** The official client's allow-list, block-list and restrictions calls, unchanged (COMPAT.md). */
describe.each(testDialects())('@clerk/backend restrictions against Castellan (%s)', (dialect) => {
  const suite = useClerkBackend(dialect);

  it('creates, lists (paginated) and deletes allow-list identifiers', async () => {
    const first = await suite.clerk.allowlistIdentifiers.createAllowlistIdentifier({
      identifier: '*@sdk.example.com',
      notify: false,
    });
    expect(first.id).toMatch(/^alid_/);
    expect(first.identifier).toBe('*@sdk.example.com');
    expect(first.identifierType).toBe('email_address');
    const second = await suite.clerk.allowlistIdentifiers.createAllowlistIdentifier({
      identifier: '+1 415 555 2671',
      notify: false,
    });
    expect(second.identifier).toBe('+14155552671');

    const list = await suite.clerk.allowlistIdentifiers.getAllowlistIdentifierList();
    expect(list.totalCount).toBe(2);
    expect(list.data.map((entry) => entry.id)).toEqual([second.id, first.id]);
    const page = await suite.clerk.allowlistIdentifiers.getAllowlistIdentifierList({
      limit: 1,
      offset: 1,
    });
    expect(page.data.map((entry) => entry.id)).toEqual([first.id]);

    const duplicate = await suite.clerk.allowlistIdentifiers
      .createAllowlistIdentifier({ identifier: '*@SDK.example.com', notify: false })
      .catch((e: unknown) => e);
    expect(duplicate).toMatchObject({ status: 400, errors: [{ code: 'duplicate_record' }] });

    const deleted = await suite.clerk.allowlistIdentifiers.deleteAllowlistIdentifier(first.id);
    expect(deleted).toMatchObject({ id: first.id, deleted: true });
    const missing = await suite.clerk.allowlistIdentifiers
      .deleteAllowlistIdentifier(first.id)
      .catch((e: unknown) => e);
    expect(missing).toMatchObject({ status: 404 });
  });

  it('creates, lists and deletes block-list identifiers', async () => {
    const entry = await suite.clerk.blocklistIdentifiers.createBlocklistIdentifier({
      identifier: 'spammer@example.com',
    });
    expect(entry.id).toMatch(/^blid_/);
    expect(entry.identifierType).toBe('email_address');
    const list = await suite.clerk.blocklistIdentifiers.getBlocklistIdentifierList();
    expect(list.totalCount).toBe(1);
    expect(list.data[0]?.identifier).toBe('spammer@example.com');
    const invalid = await suite.clerk.blocklistIdentifiers
      .createBlocklistIdentifier({ identifier: 'not an identifier' })
      .catch((e: unknown) => e);
    expect(invalid).toMatchObject({ status: 422, errors: [{ code: 'form_param_format_invalid' }] });
    await suite.clerk.blocklistIdentifiers.deleteBlocklistIdentifier(entry.id);
    expect((await suite.clerk.blocklistIdentifiers.getBlocklistIdentifierList()).totalCount).toBe(
      0,
    );
  });

  it('updates the restrictions, which createUser then enforces', async () => {
    await suite.clerk.allowlistIdentifiers.createAllowlistIdentifier({
      identifier: '*@team.example.com',
      notify: false,
    });
    const restrictions = await suite.clerk.instance.updateRestrictions({
      allowlist: true,
      blockEmailSubaddresses: true,
    });
    expect(restrictions).toMatchObject({
      allowlist: true,
      blocklist: false,
      blockEmailSubaddresses: true,
      blockDisposableEmailDomains: false,
    });
    const allowed = await suite.clerk.users.createUser({
      emailAddress: ['someone@team.example.com'],
      password: 'an-uncommon-sdk-passphrase-7',
    });
    expect(allowed.primaryEmailAddress?.emailAddress).toBe('someone@team.example.com');
    const refused = await suite.clerk.users
      .createUser({
        emailAddress: ['outsider@example.com'],
        password: 'an-uncommon-sdk-passphrase-7',
      })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 403, errors: [{ code: 'not_allowed_access' }] });
    await suite.clerk.instance.updateRestrictions({
      allowlist: false,
      blockEmailSubaddresses: false,
    });
  });
});
