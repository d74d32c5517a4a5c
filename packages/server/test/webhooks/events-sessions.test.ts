import { beforeAll, describe, expect, it } from 'vitest';
import { enableOrganizations } from '../helpers/organizations.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { uniqueEmail } from '../helpers/users.js';
import { browserApi, dataOf, typesOf, watchEvents, type BrowserApi } from './event-helpers.js';

describe.each(testDialects())('session events match the webhooks spec (%s)', (dialect) => {
  let t: TestInstance;
  let api: BrowserApi;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
    api = browserApi(t);
    await enableOrganizations(api);
  });

  const createUser = () =>
    api.ok('CreateUser', {
      body: { email_address: [uniqueEmail('sess')], password: 'correct-horse-battery-staple' },
    });

  it('createSession emits session.created with the session and its user', async () => {
    const user = await createUser();
    const organization = await api.ok('CreateOrganization', {
      body: { name: 'Session Org', created_by: user.id },
    });
    const events = await watchEvents(t);
    const session = await api.ok('createSession', {
      body: { user_id: user.id, active_organization_id: organization.id },
    });
    const data = dataOf(await events.take(), 'session.created');
    const { user: eventUser, ...eventSession } = data;
    expect(eventSession).toEqual(session);
    expect(eventSession.last_active_organization_id).toBe(organization.id);
    expect(eventUser).toMatchObject({ object: 'user', id: user.id });
  });

  it('RevokeSession emits session.revoked once; revoking it again emits nothing', async () => {
    const user = await createUser();
    const session = await api.ok('createSession', { body: { user_id: user.id } });
    const events = await watchEvents(t);
    const revoked = await api.ok('RevokeSession', { params: { session_id: session.id } });
    await api.ok('RevokeSession', { params: { session_id: session.id } });
    const recorded = await events.take();
    expect(typesOf(recorded)).toEqual(['session.revoked']);
    const { user: eventUser, ...eventSession } = recorded[0]!.payload.data;
    expect(eventSession).toEqual(revoked);
    expect(eventUser.id).toBe(user.id);
  });

  it('a new password with sign_out_of_other_sessions revokes every active session', async () => {
    const user = await createUser();
    const first = await api.ok('createSession', { body: { user_id: user.id } });
    const second = await api.ok('createSession', { body: { user_id: user.id } });
    const events = await watchEvents(t);
    await api.ok('UpdateUser', {
      params: { user_id: user.id },
      body: { password: 'another-horse-battery-staple', sign_out_of_other_sessions: true },
    });
    const recorded = await events.take();
    expect(typesOf(recorded)).toEqual(['user.updated', 'session.revoked', 'session.revoked']);
    expect(
      recorded
        .slice(1)
        .map((e) => e.payload.data.id)
        .sort(),
    ).toEqual([first.id, second.id].sort());
  });

  it('RemoveUserPassword with sign_out_of_other_sessions revokes them too', async () => {
    const user = await createUser();
    const session = await api.ok('createSession', { body: { user_id: user.id } });
    const events = await watchEvents(t);
    await api.ok('RemoveUserPassword', {
      params: { user_id: user.id },
      body: { sign_out_of_other_sessions: true },
    });
    const recorded = await events.take();
    expect(typesOf(recorded)).toEqual(['user.updated', 'session.revoked']);
    expect(recorded[1]!.payload.data).toMatchObject({ id: session.id, status: 'revoked' });
    expect(recorded[1]!.payload.data.user.password_enabled).toBe(false);
  });

  it('an unknown session is a 404 and emits nothing', async () => {
    const events = await watchEvents(t);
    await api.fail(
      'RevokeSession',
      { params: { session_id: 'sess_2x0000000000000000000000000' } },
      404,
      'resource_not_found',
    );
    expect(await events.take()).toEqual([]);
  });
});
