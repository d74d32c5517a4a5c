import { validateFapiResponse } from '@castellan/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestUser } from '../helpers/users.js';
import { testDialects } from '../helpers/test-server.js';
import { FapiBrowser, useFapiInstance, type FapiTestInstance } from './core-fapi.js';

const ORIGIN = 'http://localhost:3000';
const PASSWORD = 'correct-horse-battery-staple';

/**
 * `/v1/me/organization_{memberships,invitations,suggestions}` (what `<OrganizationSwitcher/>`
 * reads) for the page's session, from the same organizations the Backend API keeps.
 */
describe.each(testDialects())('Frontend API /v1/me organizations (%s)', (dialect) => {
  let t: FapiTestInstance;
  let browser: FapiBrowser;
  let sessionId: string;
  let userId: string;
  let email: string;

  beforeAll(async () => {
    t = await useFapiInstance(dialect, 'development', {
      organizations: {
        enabled: true,
        domains_enabled: true,
        domains_enrollment_modes: ['automatic_invitation', 'automatic_suggestion'],
      },
    });
    const domain = `me-${dialect}-${Date.now()}.example`;
    email = `pat@${domain}`;
    const user = await createTestUser(t.api, { email_address: [email], password: PASSWORD });
    userId = user.id;
    browser = new FapiBrowser(t.app, t.instanceId, ORIGIN);
    await browser.setUpDevBrowser();
    const res = await browser.call('POST', '/v1/client/sign_ins', {
      form: { identifier: email, password: PASSWORD },
    });
    sessionId = res.body.response.created_session_id;
    // One organization the user is in, one inviting them, one suggested by its domain.
    await t.api.ok('CreateOrganization', {
      body: { name: 'Mine', created_by: user.id, private_metadata: { plan: 'secret' } },
    });
    const inviting = await t.api.ok('CreateOrganization', { body: { name: 'Inviting' } });
    await t.api.ok('CreateOrganizationInvitation', {
      params: { organization_id: inviting.id },
      body: { email_address: email, role: 'org:member', private_metadata: { note: 'secret' } },
    });
    const suggested = await t.api.ok('CreateOrganization', { body: { name: 'Suggested' } });
    await t.api.ok('CreateOrganizationDomain', {
      params: { organization_id: suggested.id },
      body: { name: domain, enrollment_mode: 'automatic_suggestion', verified: true },
    });
  });

  const me = (path: string, query: Record<string, string> = {}) =>
    browser.call('GET', `/v1/me/${path}`, {
      query: { _clerk_session_id: sessionId, ...query },
    });

  it('GET /v1/me answers the session user with their memberships, without private metadata', async () => {
    const res = await browser.call('GET', '/v1/me', { query: { _clerk_session_id: sessionId } });
    expect(res.status).toBe(200);
    expect(res.body.response).toMatchObject({
      object: 'user',
      id: userId,
      organization_memberships: [expect.objectContaining({ role: 'org:admin' })],
    });
    expect(res.body.response.private_metadata).toBeUndefined();
  });

  it('lists the memberships of the session user, paginated', async () => {
    const res = await me('organization_memberships', { paginated: 'true', limit: '10' });
    expect(res.status).toBe(200);
    expect(res.body.client).toBeNull();
    expect(res.body.response.total_count).toBe(1);
    expect(res.body.response.data[0]).toMatchObject({
      object: 'organization_membership',
      role: 'org:admin',
      organization: { name: 'Mine' },
      public_user_data: { user_id: userId },
    });
    // Nothing private reaches the browser, and the list is the spec's.
    expect(JSON.stringify(res.body)).not.toContain('secret');
    expect(res.body.response.data[0].organization.private_metadata).toBeUndefined();
    const contract = validateFapiResponse('GET', '/v1/me/organization_memberships', 200, res.body);
    expect(contract.errors).toBe('');
    // The client's copy of the user's memberships is as private.
    const client = await browser.call('GET', '/v1/client');
    expect(JSON.stringify(client.body)).not.toContain('secret');
  });

  it('lists pending invitations to their email addresses', async () => {
    const res = await me('organization_invitations', { status: 'pending' });
    expect(res.status).toBe(200);
    expect(res.body.response.total_count).toBe(1);
    expect(res.body.response.data[0]).toMatchObject({
      object: 'organization_invitation',
      email_address: email,
      status: 'pending',
    });
    expect(JSON.stringify(res.body)).not.toContain('secret');
    expect(validateFapiResponse('GET', '/v1/me/organization_invitations', 200, res.body).ok).toBe(
      true,
    );
    const accepted = await me('organization_invitations', { status: 'accepted' });
    expect(accepted.body.response.total_count).toBe(0);
    const bad = await me('organization_invitations', { status: 'bogus' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].meta.param_name).toBe('status');
  });

  it('suggests the organizations of their verified email domain they are not in', async () => {
    const res = await me('organization_suggestions', { status: 'pending' });
    expect(res.status).toBe(200);
    expect(res.body.response.total_count).toBe(1);
    expect(res.body.response.data[0]).toMatchObject({
      object: 'organization_suggestion',
      status: 'pending',
      public_organization_data: { name: 'Suggested' },
    });
    const accepted = await me('organization_suggestions', { status: 'accepted' });
    expect(accepted.body.response.data).toEqual([]);
  });

  it('answers 401 signed_out once the session is revoked, and 404 for a session not the browser’s', async () => {
    const other = new FapiBrowser(t.app, t.instanceId, ORIGIN);
    await other.setUpDevBrowser();
    const foreign = await other.call('GET', '/v1/me/organization_memberships', {
      query: { _clerk_session_id: sessionId },
    });
    expect(foreign.status).toBe(404);
    const none = await other.call('GET', '/v1/me/organization_memberships');
    expect(none.status).toBe(401);
    expect(none.body.errors[0].code).toBe('signed_out');
    await t.api.ok('RevokeSession', { params: { session_id: sessionId } });
    const revoked = await me('organization_memberships');
    expect(revoked.status).toBe(401);
    expect(revoked.body.errors[0].code).toBe('signed_out');
  });
});
