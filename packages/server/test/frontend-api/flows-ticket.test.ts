import { beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser } from '../helpers/users.js';
import type { FapiTestInstance } from './core-fapi.js';
import { newBrowser, useFlowsInstance } from './flows-helpers.js';

describe.each(testDialects())('FAPI sign-in with a ticket (%s)', (dialect) => {
  let t: FapiTestInstance;
  beforeAll(async () => {
    t = await useFlowsInstance(dialect, 'production');
  });

  async function ticketFor(userId: string, body: Record<string, unknown> = {}) {
    const created = await t.api.ok('CreateSignInToken', { body: { user_id: userId, ...body } });
    return { id: created.id, token: created.token! };
  }

  it('a sign-in token signs its user in once; the Backend API sees it accepted', async () => {
    const u = await createTestUser(t.api, { totp_secret: 'JBSWY3DPEHPK3PXP' });
    const { id, token } = await ticketFor(u.id);
    const b = await newBrowser(t);
    const res = await b.call('POST', '/v1/client/sign_ins', {
      form: { strategy: 'ticket', ticket: token },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.response).toMatchObject({
      status: 'complete',
      first_factor_verification: { object: 'verification_ticket', status: 'verified' },
      created_session_id: expect.stringMatching(/^sess_/),
    });
    const session = res.body.client.sessions[0];
    expect(session.user.id).toBe(u.id);
    expect(res.body.client.last_authentication_strategy).toBe('ticket');
    const again = await (
      await newBrowser(t)
    ).call('POST', '/v1/client/sign_ins', {
      form: { strategy: 'ticket', ticket: token },
    });
    expect(again.status).toBe(400);
    expect(again.body.errors[0]).toMatchObject({
      code: 'ticket_invalid',
      meta: { param_name: 'ticket' },
    });
    const revoke = await t.api.call('RevokeSignInToken', { params: { sign_in_token_id: id } });
    expect(revoke.status).toBe(400);
  });

  it('revoked, expired, unknown or missing tickets sign no one in', async () => {
    const u = await createTestUser(t.api);
    const revoked = await ticketFor(u.id);
    await t.api.ok('RevokeSignInToken', { params: { sign_in_token_id: revoked.id } });
    const now = Date.now();
    t.clock.set(now);
    const expiring = await ticketFor(u.id, { expires_in_seconds: 60 });
    t.clock.set(now + 60_000);
    const b = await newBrowser(t);
    const call = (form: Record<string, string>) => b.call('POST', '/v1/client/sign_ins', { form });
    const expired = await call({ strategy: 'ticket', ticket: expiring.token });
    t.clock.useRealTime();
    expect(expired.body.errors[0].code).toBe('ticket_expired');
    expect((await call({ strategy: 'ticket', ticket: revoked.token })).body.errors[0].code).toBe(
      'ticket_invalid',
    );
    expect((await call({ strategy: 'ticket', ticket: 'not-a-ticket' })).body.errors[0].code).toBe(
      'ticket_invalid',
    );
    expect((await call({ strategy: 'ticket' })).body.errors[0]).toMatchObject({
      code: 'form_param_missing',
      meta: { param_name: 'ticket' },
    });
    const sessions = await t.app.inject({
      method: 'GET',
      url: `/v1/sessions?user_id=${u.id}`,
      headers: t.auth,
    });
    expect(sessions.json()).toEqual([]);
  });
});
