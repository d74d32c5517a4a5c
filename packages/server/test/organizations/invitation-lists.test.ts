import type { SuccessBody } from '@castellan/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { runWrite } from '../../src/platform/write.js';
import { inviteToOrganization } from '../../src/organizations/organization-invitation-service.js';
import { lockExistingOrganization } from '../../src/organizations/membership-service.js';
import { createTestOrganization, enableOrganizations } from '../helpers/organizations.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { scopeOn } from '../helpers/test-scope.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser } from '../helpers/users.js';

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2026, 11, 1);

describe.each(testDialects())('listing organization invitations (%s)', (dialect) => {
  let t: TestInstance;
  let acme: SuccessBody<'CreateOrganization'>;
  let globex: SuccessBody<'CreateOrganization'>;
  const ids: Record<string, string> = {};
  const tag = `${process.pid}`;

  const invite = async (org: string, email: string, extra: Record<string, unknown> = {}) => {
    const invitation = await t.api.ok('CreateOrganizationInvitation', {
      params: { organization_id: org },
      body: { email_address: email, role: 'org:member', notify: false, ...extra },
    });
    t.clock.advance(1000);
    return invitation;
  };

  beforeAll(async () => {
    t = await useTestInstance(dialect);
    await enableOrganizations(t.api);
    acme = await createTestOrganization(t.api, { name: `Acme ${tag}` });
    globex = await createTestOrganization(t.api, { name: `Globex ${tag}` });
    t.clock.set(T0);
    ids.carol = (await invite(acme.id, `Carol.${tag}@acme.test`)).id;
    ids.alice = (await invite(acme.id, `alice.${tag}@acme.test`)).id;
    ids.bob = (await invite(acme.id, `bob.${tag}@acme.test`, { expires_in_days: 1 })).id;
    ids.dave = (await invite(acme.id, `dave.${tag}@acme.test`)).id;
    ids.globexAlice = (await invite(globex.id, `alice.${tag}@acme.test`)).id;
    await t.api.ok('RevokeOrganizationInvitation', {
      params: { organization_id: acme.id, invitation_id: ids.dave },
    });
    // A verified domain's automatic invitation: the organization lists leave it out.
    const scope = scopeOn(t.app, { instance: t.instance, clock: t.clock, baseUrl: 'http://x' });
    ids.domain = await runWrite(scope, async (tx) => {
      const org = await lockExistingOrganization(tx, acme.id);
      const { invitation } = await inviteToOrganization(
        tx,
        { instance: t.instance, baseUrl: 'http://x' },
        org,
        {
          emailAddress: `erin.${tag}@acme.test`,
          role: 'org:member',
          notify: false,
          organizationDomainId: 'orgdmn_test',
        },
      );
      return invitation.id;
    });
    t.clock.set(T0 + 2 * DAY);
  });

  it('lists an organization’s invitations newest first, with the status as of now', async () => {
    const list = await t.api.ok('ListOrganizationInvitations', {
      params: { organization_id: acme.id },
    });
    expect(list.total_count).toBe(4);
    expect(list.data.map((i) => [i.id, i.status])).toEqual([
      [ids.dave, 'revoked'],
      [ids.bob, 'expired'],
      [ids.alice, 'pending'],
      [ids.carol, 'pending'],
    ]);
    expect(list.data.every((i) => i.url === null)).toBe(true);
  });

  it('filters by status and by email address, orders by email, pages', async () => {
    const byStatus = async (status: 'pending' | 'accepted' | 'revoked' | 'expired') =>
      (
        await t.api.ok('ListOrganizationInvitations', {
          params: { organization_id: acme.id },
          query: { status },
        })
      ).data.map((i) => i.id);
    expect(await byStatus('pending')).toEqual([ids.alice, ids.carol]);
    expect(await byStatus('expired')).toEqual([ids.bob]);
    expect(await byStatus('revoked')).toEqual([ids.dave]);
    expect(await byStatus('accepted')).toEqual([]);
    const byEmail = await t.api.ok('ListOrganizationInvitations', {
      params: { organization_id: acme.id },
      query: { email_address: `CAROL.${tag}@acme.test` },
    });
    expect(byEmail.data.map((i) => i.id)).toEqual([ids.carol]);
    const ordered = await t.api.ok('ListOrganizationInvitations', {
      params: { organization_id: acme.id },
      query: { order_by: 'email_address', limit: 2, offset: 1 },
    });
    expect(ordered.total_count).toBe(4);
    expect(ordered.data.map((i) => i.id)).toEqual([ids.bob, ids.carol]);
    await t.api.fail(
      'ListOrganizationInvitations',
      { params: { organization_id: acme.id }, query: { order_by: 'role' } },
      422,
      'form_param_value_invalid',
    );
    await t.api.fail(
      'ListOrganizationInvitations',
      { params: { organization_id: 'org_missing' } },
      404,
      'resource_not_found',
    );
  });

  it('lists the pending ones on the deprecated endpoint', async () => {
    const list = await t.api.ok('ListPendingOrganizationInvitations', {
      params: { organization_id: acme.slug },
      query: { limit: 1 },
    });
    expect(list).toMatchObject({ total_count: 2, data: [{ id: ids.alice }] });
    await t.api.fail(
      'ListPendingOrganizationInvitations',
      { params: { organization_id: 'no-such-org' } },
      404,
      'resource_not_found',
    );
  });

  it('lists the instance’s invitations with their organization, by query and status', async () => {
    const all = await t.api.ok('ListInstanceOrganizationInvitations', { query: { limit: 100 } });
    expect(all.total_count).toBe(6);
    const found = await t.api.ok('ListInstanceOrganizationInvitations', {
      query: { query: `ALICE.${tag}`, order_by: '+created_at' },
    });
    expect(found.data.map((i) => i.id)).toEqual([ids.alice, ids.globexAlice]);
    expect(found.data[1]!.public_organization_data).toMatchObject({
      id: globex.id,
      name: globex.name,
      slug: globex.slug,
      has_image: false,
    });
    const short = await t.api.ok('ListInstanceOrganizationInvitations', {
      query: { query: 'bo', status: 'expired' },
    });
    expect(short.data.map((i) => i.id)).toEqual([ids.bob]);
    const byEmail = await t.api.ok('ListInstanceOrganizationInvitations', {
      query: { order_by: '-email_address', status: 'pending', limit: 1 },
    });
    expect(byEmail).toMatchObject({ total_count: 4, data: [{ id: ids.domain }] });
    await t.api.fail(
      'ListInstanceOrganizationInvitations',
      { query: { order_by: 'status' } },
      422,
      'form_param_value_invalid',
    );
  });

  it('lists the invitations addressed to any of a user’s email addresses', async () => {
    const user = await createTestUser(t.api, {
      email_address: [`alice.${tag}@acme.test`, `bob.${tag}@ACME.test`],
    });
    const list = await t.api.ok('UsersGetOrganizationInvitations', {
      params: { user_id: user.id },
    });
    expect(list.data.map((i) => i.id)).toEqual([ids.globexAlice, ids.bob, ids.alice]);
    expect(list.data[0]!.public_organization_data?.id).toBe(globex.id);
    const pending = await t.api.ok('UsersGetOrganizationInvitations', {
      params: { user_id: user.id },
      query: { status: 'pending', limit: 1, offset: 1 },
    });
    expect(pending).toMatchObject({ total_count: 2, data: [{ id: ids.alice }] });
    const nobody = await createTestUser(t.api, { email_address: undefined, username: `u${tag}x` });
    expect(
      (await t.api.ok('UsersGetOrganizationInvitations', { params: { user_id: nobody.id } }))
        .total_count,
    ).toBe(0);
    await t.api.fail(
      'UsersGetOrganizationInvitations',
      { params: { user_id: 'user_missing' } },
      404,
      'resource_not_found',
    );
  });
});
