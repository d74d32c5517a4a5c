import { beforeAll, describe, expect, it } from 'vitest';
import { createTestOrganization, enableOrganizations } from '../helpers/organizations.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';

let counter = 0;
const uniqueDomain = () => `apl${(counter += 1)}-${process.pid}.example.org`;

/** Issue 13: admin portal link tokens and the page their links open. */
describe.each(testDialects())('Admin portal links (%s)', (dialect) => {
  let t: TestInstance;
  let org: { id: string; name: string };
  let other: { id: string };
  beforeAll(async () => {
    t = await useTestInstance(dialect);
    await enableOrganizations(t.api);
    org = await createTestOrganization(t.api);
    other = await createTestOrganization(t.api);
    await t.api.ok('CreateEnterpriseConnection', {
      body: {
        name: 'Acme <SSO>',
        provider: 'saml_custom',
        domains: [uniqueDomain()],
        organization_id: org.id,
      },
    });
    await t.api.ok('CreateEnterpriseConnection', {
      body: {
        name: 'Not theirs',
        provider: 'saml_custom',
        domains: [uniqueDomain()],
        organization_id: other.id,
      },
    });
  });

  const create = (body: Record<string, unknown> = {}) =>
    t.api.ok('createAdminPortalLinkToken', { body: { organization_id: org.id, ...body } });
  const open = (token: string, cookie?: string) =>
    t.app.inject({
      method: 'GET',
      url: `/castellan/admin-portal/${token}`,
      ...(cookie ? { headers: { cookie } } : {}),
    });
  const sessionCookie = (setCookie: unknown) => String(setCookie).split(';')[0]!;

  it('creates a link token (201): the spec body, one hour by default, stored as a hash', async () => {
    const before = Date.now();
    const link = await create({ it_contact_id: 'it_42', scopes: ['admin_portal:read'] });
    expect(link).toMatchObject({
      object: 'admin_portal_link_token',
      id: expect.stringMatching(/^aplt_[0-9a-f]{32}$/),
      admin_portal_link_id: expect.stringMatching(/^apl_\w{27}$/),
      instance_id: t.instanceId,
      organization_id: org.id,
      it_contact_id: 'it_42',
      scopes: ['admin_portal:read'],
      token: expect.stringMatching(/^aplt_[0-9a-f]{64}$/),
      revoked: false,
      revocation_reason: null,
      expired: false,
    });
    expect(link.expiration! - link.created_at).toBe(3_600_000);
    expect(link.created_at).toBeGreaterThanOrEqual(before);
    const row = await t.database.db
      .selectFrom('admin_portal_link_tokens')
      .selectAll()
      .where('id', '=', link.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(link.token.slice(5));
    const long = await create({ seconds_until_expiration: 86_400 });
    expect(long.expiration! - long.created_at).toBe(86_400_000);
    expect((await create()).scopes).toBeNull();
  });

  it('refuses an unknown or missing organization and expiries out of range', async () => {
    await t.api.fail(
      'createAdminPortalLinkToken',
      { body: { organization_id: `org_${'0'.repeat(27)}` } },
      400,
      'resource_not_found',
    );
    const foreign = await useTestInstance(dialect);
    await foreign.api.fail(
      'createAdminPortalLinkToken',
      { body: { organization_id: org.id } },
      400,
      'resource_not_found',
    );
    await t.api.fail('createAdminPortalLinkToken', { body: {} }, 422, 'form_param_missing');
    for (const seconds of [0, 86_401]) {
      await t.api.fail(
        'createAdminPortalLinkToken',
        { body: { organization_id: org.id, seconds_until_expiration: seconds } },
        422,
        'form_param_value_invalid',
      );
    }
    await t.api.fail(
      'createAdminPortalLinkToken',
      { body: { organization_id: org.id, scopes: [''] } },
      422,
    );
  });

  it('opens a page listing the organization’s enterprise connections only, escaped, with a CSP', async () => {
    const link = await create();
    const page = await open(link.token);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain(org.name);
    expect(page.body).toContain('Acme &lt;SSO&gt;');
    expect(page.body).not.toContain('Acme <SSO>');
    expect(page.body).not.toContain('Not theirs');
    expect(page.headers['set-cookie']).toMatch(/HttpOnly; SameSite=Strict/);
  });

  it('is single-use: the browser that opened it may reload, any other sees nothing', async () => {
    const link = await create();
    const first = await open(link.token);
    const cookie = sessionCookie(first.headers['set-cookie']);
    const again = await open(link.token, cookie);
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('Acme &lt;SSO&gt;');
    for (const stranger of [undefined, 'castellan_admin_portal=00']) {
      const refused = await open(link.token, stranger);
      expect(refused.statusCode).toBe(410);
      expect(refused.body).toContain('already');
      expect(refused.body).not.toContain('Acme');
    }
  });

  it('revokes (200, idempotent); a revoked link shows a clear page and no data', async () => {
    const link = await create();
    const params = { adminPortalLinkTokenID: link.id };
    const revoked = await t.api.ok('revokeAdminPortalLinkToken', {
      params,
      body: { revocation_reason: 'left the company' },
    });
    expect(revoked).toMatchObject({
      id: link.id,
      revoked: true,
      revocation_reason: 'left the company',
    });
    expect('token' in revoked).toBe(false);
    const again = await t.api.ok('revokeAdminPortalLinkToken', { params, body: {} });
    expect(again.revocation_reason).toBe('left the company');
    const page = await open(link.token);
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('revoked');
    expect(page.body).not.toContain('Acme');
    await t.api.fail(
      'revokeAdminPortalLinkToken',
      { params: { adminPortalLinkTokenID: `aplt_${'0'.repeat(32)}` }, body: {} },
      404,
      'resource_not_found',
    );
    const foreign = await useTestInstance(dialect);
    await foreign.api.fail('revokeAdminPortalLinkToken', { params, body: {} }, 404);
    await t.api.fail(
      'revokeAdminPortalLinkToken',
      { params: { adminPortalLinkTokenID: 'nope' }, body: {} },
      422,
    );
  });

  it('an expired link shows a clear page and no data, even to the browser that opened it', async () => {
    const link = await create({ seconds_until_expiration: 60 });
    const cookie = sessionCookie((await open(link.token)).headers['set-cookie']);
    t.clock.set(Date.now() + 61_000);
    try {
      const page = await open(link.token, cookie);
      expect(page.statusCode).toBe(410);
      expect(page.body).toContain('expired');
      expect(page.body).not.toContain('Acme');
    } finally {
      t.clock.useRealTime();
    }
  });

  it('a link of a deleted organization is a 404 page', async () => {
    const doomed = await createTestOrganization(t.api);
    const link = await create({ organization_id: doomed.id });
    await t.api.ok('DeleteOrganization', { params: { organization_id: doomed.id } });
    const page = await open(link.token);
    expect(page.statusCode).toBe(404);
    expect(page.body).not.toContain(doomed.name);
  });

  it('an unknown or malformed link is a 404 page', async () => {
    for (const token of [`aplt_${'0'.repeat(64)}`, 'nope', `aplt_${'A'.repeat(64)}`]) {
      const page = await open(token);
      expect(page.statusCode).toBe(404);
      expect(page.body).toContain('not valid');
    }
  });
});
