import { beforeAll, describe, expect, it } from 'vitest';
import { useTestInstance, type TestInstance } from '../../helpers/test-instance.js';
import { testDialects } from '../../helpers/test-server.js';
import { createTestUser } from '../../helpers/users.js';
import { UNKNOWN_USER, updatedEventsOf } from './authn-helpers.js';

const PASSWORD = 'correct-horse-battery-staple';

describe.each(testDialects())('POST /users/{id}/remove_password (%s)', (dialect) => {
  let t: TestInstance;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
  });

  const verify = (userId: string, password: string) =>
    t.api.call('VerifyPassword', { params: { user_id: userId }, body: { password } });

  it('remove_password clears the password and records user.updated', async () => {
    const user = await createTestUser(t.api);
    expect(user.password_enabled).toBe(true);
    const removed = await t.api.ok('RemoveUserPassword', { params: { user_id: user.id } });
    expect(removed).toMatchObject({ password_enabled: false, password_last_updated_at: null });
    expect((await verify(user.id, PASSWORD)).status).toBe(400);
    expect((await updatedEventsOf(t, user.id)).map((e) => e.data.password_enabled)).toEqual([
      false,
    ]);
  });

  it('remove_password on a user without one returns it unchanged, with no event', async () => {
    const user = await createTestUser(t.api, {
      password: undefined,
      skip_password_requirement: true,
    });
    const same = await t.api.ok('RemoveUserPassword', {
      params: { user_id: user.id },
      body: { sign_out_of_other_sessions: true },
    });
    expect(same.updated_at).toBe(user.updated_at);
    expect(await updatedEventsOf(t, user.id)).toEqual([]);
  });

  it('remove_password: unknown user 404, unknown body field 422', async () => {
    await t.api.fail(
      'RemoveUserPassword',
      { params: { user_id: UNKNOWN_USER } },
      404,
      'resource_not_found',
    );
    const user = await createTestUser(t.api);
    await t.api.fail(
      'RemoveUserPassword',
      { params: { user_id: user.id }, rawBody: { nope: true } },
      422,
      'form_param_unknown',
    );
    await t.api.fail(
      'RemoveUserPassword',
      { params: { user_id: user.id }, rawBody: { sign_out_of_other_sessions: 'yes' } },
      422,
      'form_param_format_invalid',
    );
  });
});
