import { beforeAll, describe, expect, it } from 'vitest';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { uniqueEmail } from '../helpers/users.js';
import { browserApi, dataOf, typesOf, watchEvents, type BrowserApi } from './event-helpers.js';

describe.each(testDialects())('user events match the webhooks spec (%s)', (dialect) => {
  let t: TestInstance;
  let api: BrowserApi;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
    api = browserApi(t);
  });

  const createUser = (body: Record<string, unknown> = {}) =>
    api.ok('CreateUser', {
      body: {
        email_address: [uniqueEmail('evt')],
        password: 'correct-horse-battery-staple',
        ...body,
      },
    });

  it('CreateUser, UpdateUser and the metadata operations emit user.created and user.updated', async () => {
    const events = await watchEvents(t);
    const user = await createUser({
      first_name: 'Ada',
      external_id: `ext-${Date.now()}`,
      public_metadata: { plan: 'pro' },
    });
    const params = { user_id: user.id };
    await api.ok('UpdateUser', { params, body: { last_name: 'Lovelace' } });
    await api.ok('UpdateUserMetadata', { params, body: { private_metadata: { a: 1 } } });
    await api.ok('ReplaceUserMetadata', { params, body: { unsafe_metadata: { b: 2 } } });
    const recorded = await events.take();
    expect(typesOf(recorded)).toEqual([
      'user.created',
      'user.updated',
      'user.updated',
      'user.updated',
    ]);
    const created = recorded[0]!.payload.data;
    expect(created).toMatchObject({ object: 'user', id: user.id, first_name: 'Ada' });
    expect(created.email_addresses[0].email_address).toBe(user.email_addresses[0]!.email_address);
    expect(recorded[1]!.payload.data.last_name).toBe('Lovelace');
    expect(recorded[3]!.payload.data.unsafe_metadata).toEqual({ b: 2 });
  });

  it('ban, unban, lock and unlock (one and many) emit user.updated; a ban revokes sessions', async () => {
    const user = await createUser();
    const other = await createUser();
    const session = await api.ok('createSession', { body: { user_id: user.id } });
    const events = await watchEvents(t);
    const params = { user_id: user.id };
    await api.ok('BanUser', { params });
    await api.ok('UnbanUser', { params });
    await api.ok('LockUser', { params });
    await api.ok('UnlockUser', { params });
    await api.ok('UsersBan', { body: { user_ids: [user.id, other.id] } });
    await api.ok('UsersUnban', { body: { user_ids: [user.id, other.id] } });
    const recorded = await events.take();
    expect(typesOf(recorded)).toEqual([
      'user.updated',
      'session.revoked',
      'user.updated',
      'user.updated',
      'user.updated',
      'user.updated',
      'user.updated',
      'user.updated',
      'user.updated',
    ]);
    const revoked = recorded[1]!.payload.data;
    expect(revoked).toMatchObject({ id: session.id, status: 'revoked', user_id: user.id });
    // The session's user as the ban left it.
    expect(revoked.user).toMatchObject({ id: user.id, object: 'user', banned: true });
    expect(recorded.map((e) => e.payload.data.banned ?? e.payload.data.user.banned)).toEqual([
      true,
      true,
      false,
      false,
      false,
      true,
      true,
      false,
      false,
    ]);
    expect(recorded[3]!.payload.data.locked).toBe(true);
  });

  it('DeleteUser ends its sessions, then emits user.deleted with the external id', async () => {
    const externalId = `ext-del-${Date.now()}`;
    const user = await createUser({ external_id: externalId });
    const session = await api.ok('createSession', { body: { user_id: user.id } });
    const events = await watchEvents(t);
    await api.ok('DeleteUser', { params: { user_id: user.id } });
    const recorded = await events.take();
    expect(typesOf(recorded)).toEqual(['session.ended', 'user.deleted']);
    expect(recorded[0]!.payload.data).toMatchObject({ id: session.id, status: 'ended' });
    expect(dataOf(recorded, 'user.deleted')).toEqual({
      object: 'user',
      id: user.id,
      deleted: true,
      external_id: externalId,
    });
  });

  it('a user without an external id is deleted without one', async () => {
    const user = await createUser();
    const events = await watchEvents(t);
    await api.ok('DeleteUser', { params: { user_id: user.id } });
    expect(dataOf(await events.take(), 'user.deleted')).toEqual({
      object: 'user',
      id: user.id,
      deleted: true,
    });
  });

  it('a refused write emits nothing', async () => {
    const user = await createUser();
    const events = await watchEvents(t);
    await api.fail(
      'CreateUser',
      {
        body: {
          email_address: [user.email_addresses[0]!.email_address],
          password: 'correct-horse-battery-staple',
        },
      },
      422,
      'form_identifier_exists',
    );
    await api.fail('BanUser', { params: { user_id: 'user_2x0000000000000000000000000' } }, 404);
    expect(await events.take()).toEqual([]);
  });

  it("http_request is the request's own address and User-Agent", async () => {
    const events = await watchEvents(t);
    const client = { client_ip: '203.0.113.9', user_agent: 'curl/8.5.0' };
    const response = await t.app.inject({
      method: 'POST',
      url: api.pathOf('CreateUser'),
      remoteAddress: client.client_ip,
      headers: { ...t.auth, 'content-type': 'application/json', 'user-agent': client.user_agent },
      payload: JSON.stringify({
        email_address: [uniqueEmail('ip')],
        skip_password_requirement: true,
      }),
    });
    expect(response.statusCode, response.body).toBe(200);
    const recorded = await events.take({ http: client });
    expect(typesOf(recorded)).toEqual(['user.created']);
  });
});
