import { validateFapiResponse } from '@castellan/contract';
import { verifyToken } from '@clerk/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestUser } from '../helpers/users.js';
import { testDialects } from '../helpers/test-server.js';
import { FapiBrowser, useFapiInstance, type FapiTestInstance } from './core-fapi.js';

const ORIGIN = 'http://localhost:3000';
const PASSWORD = 'correct-horse-battery-staple';

function claimsOf(jwt: string): Record<string, any> {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8'));
}

/** A browser of `t` signed in as a new user (by password, through the flows' sign-in). */
async function signedIn(t: FapiTestInstance) {
  const user = await createTestUser(t.api, { password: PASSWORD });
  const browser = new FapiBrowser(t.app, t.instanceId, ORIGIN);
  if (t.kind === 'development') await browser.setUpDevBrowser();
  const res = await browser.call('POST', '/v1/client/sign_ins', {
    form: { identifier: user.email_addresses[0]!.email_address, password: PASSWORD },
  });
  expect(res.status).toBe(200);
  expect(res.body.response.status).toBe('complete');
  const sessionId = res.body.response.created_session_id as string;
  return { user, browser, sessionId, signIn: res.body };
}

/**
 * The browser's client and sessions: the piggybacked client with a fresh token per session,
 * touch, tokens (with an organization, from a template), end, remove, sign out of all, and
 * the Backend API's view of the same sessions (FAPI-NOTES "Further facts" 4).
 */
describe.each(testDialects())('Frontend API client and sessions (%s)', (dialect) => {
  let t: FapiTestInstance;
  let jwtKey: string;

  beforeAll(async () => {
    t = await useFapiInstance(dialect, 'development', { organizations: { enabled: true } });
    const jwks = await t.api.ok('GetJWKS');
    const { createPublicKey } = await import('node:crypto');
    jwtKey = createPublicKey({ key: jwks.keys![0] as any, format: 'jwk' })
      .export({ type: 'spki', format: 'pem' })
      .toString();
  });

  it('piggybacks the whole client on the sign-in: the session with its user and a fresh token', async () => {
    const { user, sessionId, signIn } = await signedIn(t);
    const client = signIn.client;
    expect(client.last_active_session_id).toBe(sessionId);
    expect(client.sign_in).toBeNull();
    const [session] = client.sessions;
    expect(session).toMatchObject({
      object: 'session',
      id: sessionId,
      status: 'active',
      last_active_organization_id: null,
      user: { id: user.id, organization_memberships: [] },
      public_user_data: { user_id: user.id, identifier: user.email_addresses[0]!.email_address },
    });
    expect(session.user.private_metadata).toBeUndefined();
    const claims = await verifyToken(session.last_active_token.jwt, { jwtKey });
    expect(claims).toMatchObject({
      sub: user.id,
      sid: sessionId,
      azp: ORIGIN,
      iss: `https://${t.instance.frontendApi}`,
    });
    // Issued no earlier than the client's updated_at (authenticateRequest's client_uat).
    expect(claims.iat).toBeGreaterThanOrEqual(Math.floor(client.updated_at / 1000));
    // The whole client is the spec's.
    expect(validateFapiResponse('POST', '/v1/client/sign_ins', 200, signIn).errors).toBe('');
    // The Backend API lists the browser's session.
    const list = await t.api.ok('GetSessionList', { query: { user_id: user.id } });
    expect(list.map((s: { id: string }) => s.id)).toEqual([sessionId]);
  });

  describe('POST …/sessions/{id}/tokens', () => {
    it('mints a token for the session (bare), verifiable with @clerk/backend', async () => {
      const { user, browser, sessionId } = await signedIn(t);
      const res = await browser.call('POST', `/v1/client/sessions/${sessionId}/tokens`, {
        form: { organization_id: '', tab_state: 'focused' },
      });
      expect(res.status).toBe(200);
      expect(res.body.object).toBe('token');
      const claims = await verifyToken(res.body.jwt, { jwtKey });
      expect(claims.sub).toBe(user.id);
      expect(claims.o).toBeUndefined();
    });

    it('takes the organization claim from organization_id', async () => {
      const { user, browser, sessionId } = await signedIn(t);
      const org = await t.api.ok('CreateOrganization', {
        body: { name: 'Acme', created_by: user.id },
      });
      const res = await browser.call('POST', `/v1/client/sessions/${sessionId}/tokens`, {
        form: { organization_id: org.id },
      });
      expect(res.status).toBe(200);
      expect(claimsOf(res.body.jwt).o).toMatchObject({ id: org.id, rol: 'admin' });
      const stranger = await t.api.ok('CreateOrganization', { body: { name: 'Not mine' } });
      const refused = await browser.call('POST', `/v1/client/sessions/${sessionId}/tokens`, {
        form: { organization_id: stranger.id },
      });
      expect(refused.status).toBe(404);
      expect(refused.body.errors[0].code).toBe('organization_not_found_or_unauthorized');
    });

    it('answers 404 for an unknown session and for a session of another browser', async () => {
      const { browser } = await signedIn(t);
      const other = await signedIn(t);
      const unknown = await browser.call('POST', '/v1/client/sessions/sess_unknown/tokens');
      expect(unknown.status).toBe(404);
      expect(unknown.body.errors[0].code).toBe('resource_not_found');
      const theirs = await browser.call('POST', `/v1/client/sessions/${other.sessionId}/tokens`);
      expect(theirs.status).toBe(404);
    });

    it("answers 404 for another instance's session", async () => {
      const elsewhere = await useFapiInstance(dialect, 'development');
      const theirs = await signedIn(elsewhere);
      const { browser } = await signedIn(t);
      const res = await browser.call('POST', `/v1/client/sessions/${theirs.sessionId}/tokens`);
      expect(res.status).toBe(404);
    });

    it('answers 401 once the Backend API revoked the session, and the client drops it', async () => {
      const { browser, sessionId } = await signedIn(t);
      await t.api.ok('RevokeSession', { params: { session_id: sessionId } });
      const res = await browser.call('POST', `/v1/client/sessions/${sessionId}/tokens`);
      expect(res.status).toBe(401);
      expect(res.body.errors[0].code).toBe('signed_out');
      const client = await browser.call('GET', '/v1/client');
      expect(client.body.response.sessions).toEqual([]);
      expect(client.body.response.last_active_session_id).toBeNull();
    });

    it('mints a JWT template token for the session', async () => {
      const { user, browser, sessionId } = await signedIn(t);
      await t.api.ok('CreateJWTTemplate', {
        body: { name: 'core-hasura', claims: { uid: '{{user.id}}' } },
      });
      const res = await browser.call('POST', `/v1/client/sessions/${sessionId}/tokens/core-hasura`);
      expect(res.status).toBe(200);
      expect(claimsOf(res.body.jwt)).toMatchObject({ uid: user.id, sub: user.id, azp: ORIGIN });
      const missing = await browser.call('POST', `/v1/client/sessions/${sessionId}/tokens/nope`);
      expect(missing.status).toBe(404);
    });
  });

  describe('POST …/sessions/{id}/touch', () => {
    it('makes an organization active; the piggybacked token carries it', async () => {
      const { user, browser, sessionId } = await signedIn(t);
      const org = await t.api.ok('CreateOrganization', {
        body: { name: 'Touchy', created_by: user.id },
      });
      const res = await browser.call('POST', `/v1/client/sessions/${sessionId}/touch`, {
        form: { active_organization_id: org.id, intent: 'select_org' },
      });
      expect(res.status).toBe(200);
      expect(res.body.response).toMatchObject({
        id: sessionId,
        last_active_organization_id: org.id,
      });
      const session = res.body.client.sessions[0];
      expect(session.user.organization_memberships[0].organization.id).toBe(org.id);
      expect(claimsOf(session.last_active_token.jwt).o.id).toBe(org.id);
      // The Backend API sees the active organization.
      const bapi = await t.api.ok('GetSession', { params: { session_id: sessionId } });
      expect(bapi.last_active_organization_id).toBe(org.id);
      // An empty value (clerk-js's null) goes back to the personal account.
      const personal = await browser.call('POST', `/v1/client/sessions/${sessionId}/touch`, {
        form: { active_organization_id: '', intent: 'select_session' },
      });
      expect(personal.body.response.last_active_organization_id).toBeNull();
      expect(claimsOf(personal.body.client.sessions[0].last_active_token.jwt).o).toBeUndefined();
      const path = `/v1/client/sessions/${sessionId}/touch`;
      expect(validateFapiResponse('POST', path, 200, personal.body).errors).toBe('');
    });

    it('refuses an organization the user is not in, changing nothing', async () => {
      const { browser, sessionId } = await signedIn(t);
      const org = await t.api.ok('CreateOrganization', { body: { name: 'Closed' } });
      const res = await browser.call('POST', `/v1/client/sessions/${sessionId}/touch`, {
        form: { active_organization_id: org.id },
      });
      expect(res.status).toBe(404);
      const bapi = await t.api.ok('GetSession', { params: { session_id: sessionId } });
      expect(bapi.last_active_organization_id).toBeNull();
    });

    it('answers 401 for a revoked session', async () => {
      const { browser, sessionId } = await signedIn(t);
      await t.api.ok('RevokeSession', { params: { session_id: sessionId } });
      const res = await browser.call('POST', `/v1/client/sessions/${sessionId}/touch`, {
        form: { intent: 'focus' },
      });
      expect(res.status).toBe(401);
    });
  });

  describe('signing out', () => {
    it('…/end ends the session (the Backend API sees ended)', async () => {
      const { browser, sessionId } = await signedIn(t);
      const res = await browser.call('POST', `/v1/client/sessions/${sessionId}/end`);
      expect(res.status).toBe(200);
      expect(res.body.response).toMatchObject({ id: sessionId, status: 'ended' });
      const path = `/v1/client/sessions/${sessionId}/end`;
      expect(validateFapiResponse('POST', path, 200, res.body).errors).toBe('');
      expect(res.body.client.sessions).toEqual([]);
      const bapi = await t.api.ok('GetSession', { params: { session_id: sessionId } });
      expect(bapi.status).toBe('ended');
    });

    it('a session a later sign-in replaced reads as ended to the browser (single-session mode)', async () => {
      const first = await signedIn(t);
      const user = await createTestUser(t.api, { password: PASSWORD });
      await first.browser.call('POST', '/v1/client/sign_ins', {
        form: { identifier: user.email_addresses[0]!.email_address, password: PASSWORD },
      });
      const bapi = await t.api.ok('GetSession', { params: { session_id: first.sessionId } });
      expect(bapi.status).toBe('replaced');
      const res = await first.browser.call('POST', `/v1/client/sessions/${first.sessionId}/end`);
      expect(res.status).toBe(200);
      expect(res.body.response.status).toBe('ended');
      const path = `/v1/client/sessions/${first.sessionId}/end`;
      expect(validateFapiResponse('POST', path, 200, res.body).errors).toBe('');
    });

    it('…/remove removes it', async () => {
      const { browser, sessionId } = await signedIn(t);
      const res = await browser.call('POST', `/v1/client/sessions/${sessionId}/remove`);
      expect(res.body.response.status).toBe('removed');
      const bapi = await t.api.ok('GetSession', { params: { session_id: sessionId } });
      expect(bapi.status).toBe('removed');
    });

    it('DELETE /v1/client/sessions signs out of every session and answers the client', async () => {
      const { browser, sessionId } = await signedIn(t);
      const res = await browser.call('DELETE', '/v1/client/sessions');
      expect(res.status).toBe(200);
      expect(res.body.response).toMatchObject({ object: 'client', sessions: [] });
      const bapi = await t.api.ok('GetSession', { params: { session_id: sessionId } });
      expect(bapi.status).toBe('ended');
      const again = await browser.call('POST', `/v1/client/sessions/${sessionId}/tokens`);
      expect(again.status).toBe(401);
    });

    it('DELETE /v1/client ends the sessions too and keeps the client', async () => {
      const { browser, sessionId } = await signedIn(t);
      const before = await browser.call('GET', '/v1/client');
      const res = await browser.call('DELETE', '/v1/client');
      expect(res.status).toBe(200);
      expect(res.body.response.id).toBe(before.body.response.id);
      expect(res.body.response.sessions).toEqual([]);
      const bapi = await t.api.ok('GetSession', { params: { session_id: sessionId } });
      expect(bapi.status).toBe('ended');
    });
  });
});

describe.each(testDialects())('Frontend API production sign-in state (%s)', (dialect) => {
  let t: FapiTestInstance;

  beforeAll(async () => {
    t = await useFapiInstance(dialect, 'production');
    await t.api.ok('UpdateInstance', { body: { allowed_origins: [ORIGIN] } });
  });

  it('sets __client_uat to the client_uat when signed in and to 0 once signed out', async () => {
    const { browser, sessionId, signIn } = await signedIn(t);
    expect(browser.cookies.get('__client')).toBeTruthy();
    const uat = Math.floor(signIn.client.updated_at / 1000);
    expect(browser.cookies.get('__client_uat')).toBe(String(uat));
    const suffixed = [...browser.cookies.keys()].find((k) => k.startsWith('__client_uat_'));
    expect(browser.cookies.get(suffixed!)).toBe(String(uat));
    // Revoked through the Backend API: the next FAPI call says signed out.
    await t.api.ok('RevokeSession', { params: { session_id: sessionId } });
    const tokens = await browser.call('POST', `/v1/client/sessions/${sessionId}/tokens`);
    expect(tokens.status).toBe(401);
    await browser.call('GET', '/v1/client');
    expect(browser.cookies.get('__client_uat')).toBe('0');
  });
});

describe.each(testDialects())('Frontend API multi-session clients (%s)', (dialect) => {
  let t: FapiTestInstance;

  beforeAll(async () => {
    t = await useFapiInstance(dialect, 'development', { sessions: { multi_session: true } });
  });

  it('holds a session per account; touch picks the active one, remove drops one', async () => {
    const browser = new FapiBrowser(t.app, t.instanceId, ORIGIN);
    await browser.setUpDevBrowser();
    const ids: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      const user = await createTestUser(t.api, { password: PASSWORD });
      const res = await browser.call('POST', '/v1/client/sign_ins', {
        form: { identifier: user.email_addresses[0]!.email_address, password: PASSWORD },
      });
      ids.push(res.body.response.created_session_id);
    }
    const client = (await browser.call('GET', '/v1/client')).body.response;
    expect(client.sessions.map((s: { id: string }) => s.id)).toEqual(ids);
    expect(client.last_active_session_id).toBe(ids[1]);
    const touched = await browser.call('POST', `/v1/client/sessions/${ids[0]}/touch`, {
      form: { active_organization_id: '', intent: 'select_session' },
    });
    expect(touched.body.client.last_active_session_id).toBe(ids[0]);
    const removed = await browser.call('POST', `/v1/client/sessions/${ids[0]}/remove`);
    expect(removed.body.client.sessions.map((s: { id: string }) => s.id)).toEqual([ids[1]]);
    // The active session is gone: the client points at the one left.
    expect(removed.body.client.last_active_session_id).toBe(ids[1]);
  });
});
