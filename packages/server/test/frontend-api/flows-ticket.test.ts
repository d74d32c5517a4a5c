import { beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser, uniqueEmail } from '../helpers/users.js';
import type { FapiTestInstance } from './core-fapi.js';
import { newBrowser, PASSWORD, useFlowsInstance } from './flows-helpers.js';

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

describe.each(testDialects())('FAPI sign-up with an invitation ticket (%s)', (dialect) => {
  let t: FapiTestInstance;
  beforeAll(async () => {
    t = await useFlowsInstance(dialect, 'production');
  });

  async function invite(email: string) {
    const invitation = await t.api.ok('CreateInvitation', {
      body: { email_address: email, notify: false, public_metadata: { team: 'blue' } },
    });
    const ticket = new URL(invitation.url!).searchParams.get('ticket')!;
    return { id: invitation.id, ticket };
  }

  it('the ticket verifies the invited address: with a password the sign-up completes at once', async () => {
    const email = uniqueEmail('invited');
    const { id, ticket } = await invite(email);
    const b = await newBrowser(t);
    const res = await b.call('POST', '/v1/client/sign_ups', {
      form: { strategy: 'ticket', ticket, password: PASSWORD },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.response).toMatchObject({
      status: 'complete',
      email_address: email,
      public_metadata: { team: 'blue' },
      created_user_id: expect.stringMatching(/^user_/),
    });
    expect(res.body.client.sessions).toHaveLength(1);
    const user = await t.api.ok('GetUser', {
      params: { user_id: res.body.response.created_user_id },
    });
    expect(user.public_metadata).toEqual({ team: 'blue' });
    const invitations = await t.api.ok('ListInvitations', { query: { status: 'accepted' } });
    expect(invitations.map((i) => i.id)).toContain(id);
    const again = await (
      await newBrowser(t)
    ).call('POST', '/v1/client/sign_ups', {
      form: { strategy: 'ticket', ticket, password: PASSWORD },
    });
    expect(again.body.errors[0].code).toBe('ticket_invalid');
  });

  it('without a password it waits for one; another address or a bad ticket is refused', async () => {
    const email = uniqueEmail('invited2');
    const { ticket } = await invite(email);
    const b = await newBrowser(t);
    const other = await b.call('POST', '/v1/client/sign_ups', {
      form: { strategy: 'ticket', ticket, email_address: uniqueEmail('other') },
    });
    expect(other.body.errors[0]).toMatchObject({
      code: 'form_param_value_invalid',
      meta: { param_name: 'email_address' },
    });
    const bad = await b.call('POST', '/v1/client/sign_ups', {
      form: { strategy: 'ticket', ticket: 'nope' },
    });
    expect(bad.body.errors[0].code).toBe('ticket_invalid');
    const partial = await b.call('POST', '/v1/client/sign_ups', {
      form: { strategy: 'ticket', ticket },
    });
    expect(partial.body.response).toMatchObject({
      status: 'missing_requirements',
      missing_fields: ['password'],
      unverified_fields: [],
      verifications: { email_address: { status: 'verified', strategy: 'ticket' } },
    });
    const bapi = await t.api.ok('GetSignUp', { params: { id: partial.body.response.id } });
    expect(bapi.verifications.email_address).toMatchObject({ status: 'verified' });
    const done = await b.call('PATCH', `/v1/client/sign_ups/${partial.body.response.id}`, {
      form: { password: PASSWORD },
    });
    expect(done.body.response.status).toBe('complete');
  });
});
