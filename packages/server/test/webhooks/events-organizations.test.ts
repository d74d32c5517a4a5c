import { beforeAll, describe, expect, it } from 'vitest';
import { enableOrganizations } from '../helpers/organizations.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { uniqueEmail } from '../helpers/users.js';
import { PNG } from '../profile/images.js';
import { browserApi, dataOf, typesOf, watchEvents, type BrowserApi } from './event-helpers.js';

describe.each(testDialects())('organization and membership events (%s)', (dialect) => {
  let t: TestInstance;
  let api: BrowserApi;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
    api = browserApi(t);
    await enableOrganizations(api);
  });

  let counter = 0;
  const createUser = () =>
    api.ok('CreateUser', {
      body: { email_address: [uniqueEmail('org')], skip_password_requirement: true },
    });
  const createOrganization = (body: Record<string, unknown> = {}) => {
    counter += 1;
    return api.ok('CreateOrganization', { body: { name: `Events ${counter}`, ...body } });
  };

  it('CreateOrganization with created_by emits organization.created, then the creator membership', async () => {
    const creator = await createUser();
    const events = await watchEvents(t);
    const organization = await createOrganization({
      created_by: creator.id,
      public_metadata: { tier: 'gold' },
    });
    const recorded = await events.take();
    expect(typesOf(recorded)).toEqual(['organization.created', 'organizationMembership.created']);
    expect(dataOf(recorded, 'organization.created')).toMatchObject({
      object: 'organization',
      id: organization.id,
      public_metadata: { tier: 'gold' },
    });
    const membership = dataOf(recorded, 'organizationMembership.created');
    expect(membership.organization.id).toBe(organization.id);
    expect(membership.public_user_data.user_id).toBe(creator.id);
    expect(membership.role).toBe('org:admin');
  });

  it('updates, metadata and the logo emit organization.updated', async () => {
    const organization = await createOrganization();
    const params = { organization_id: organization.id };
    const events = await watchEvents(t);
    await api.ok('UpdateOrganization', { params, body: { name: 'Renamed' } });
    await api.ok('MergeOrganizationMetadata', { params, body: { private_metadata: { a: 1 } } });
    await api.ok('ReplaceOrganizationMetadata', { params, body: { public_metadata: { b: 2 } } });
    await api.ok('UploadOrganizationLogo', {
      params,
      form: { file: { data: PNG, filename: 'logo.png', contentType: 'image/png' } },
    });
    await api.ok('DeleteOrganizationLogo', { params });
    const recorded = await events.take();
    expect(typesOf(recorded)).toEqual(Array(5).fill('organization.updated'));
    const data = recorded.map((e) => e.payload.data);
    expect(data[0].name).toBe('Renamed');
    expect(data[1].private_metadata).toEqual({ a: 1 });
    expect(data[2].public_metadata).toEqual({ b: 2 });
    expect(data.slice(3).map((d) => d.has_image)).toEqual([true, false]);
  });

  it('membership writes emit organizationMembership.created, updated and deleted', async () => {
    // An admin who stays, so the member may be removed.
    const admin = await createUser();
    const organization = await createOrganization({ created_by: admin.id });
    const user = await createUser();
    const params = { organization_id: organization.id, user_id: user.id };
    const events = await watchEvents(t);
    await api.ok('CreateOrganizationMembership', {
      params: { organization_id: organization.id },
      body: { user_id: user.id, role: 'org:member' },
    });
    await api.ok('UpdateOrganizationMembership', { params, body: { role: 'org:admin' } });
    await api.ok('UpdateOrganizationMembershipMetadata', {
      params,
      body: { public_metadata: { seat: 3 } },
    });
    await api.ok('DeleteOrganizationMembership', { params });
    const recorded = await events.take();
    expect(typesOf(recorded)).toEqual([
      'organizationMembership.created',
      'organizationMembership.updated',
      'organizationMembership.updated',
      'organizationMembership.deleted',
    ]);
    const data = recorded.map((e) => e.payload.data);
    expect(data.map((d) => d.role)).toEqual(['org:member', 'org:admin', 'org:admin', 'org:admin']);
    expect(data[2].public_metadata).toEqual({ seat: 3 });
    expect(new Set(data.map((d) => d.id)).size).toBe(1);
  });

  it('deleting a user removes its memberships with organizationMembership.deleted', async () => {
    const organization = await createOrganization();
    const user = await createUser();
    await api.ok('CreateOrganizationMembership', {
      params: { organization_id: organization.id },
      body: { user_id: user.id, role: 'org:member' },
    });
    const events = await watchEvents(t);
    await api.ok('DeleteUser', { params: { user_id: user.id } });
    const recorded = await events.take();
    expect(typesOf(recorded)).toContain('organizationMembership.deleted');
    expect(typesOf(recorded).at(-1)).toBe('user.deleted');
    expect(dataOf(recorded, 'organizationMembership.deleted').organization.id).toBe(
      organization.id,
    );
  });

  it('DeleteOrganization emits organization.deleted with its slug', async () => {
    const organization = await createOrganization({ slug: `gone-${Date.now()}` });
    const events = await watchEvents(t);
    await api.ok('DeleteOrganization', { params: { organization_id: organization.id } });
    const recorded = await events.take();
    expect(dataOf(recorded, 'organization.deleted')).toEqual({
      object: 'organization',
      id: organization.id,
      slug: organization.slug,
      deleted: true,
    });
  });

  it('a refused organization write emits nothing', async () => {
    const organization = await createOrganization();
    const events = await watchEvents(t);
    await api.fail(
      'CreateOrganizationMembership',
      {
        params: { organization_id: organization.id },
        body: { user_id: 'user_missing', role: 'org:member' },
      },
      404,
    );
    await api.fail('DeleteOrganization', { params: { organization_id: 'org_missing' } }, 404);
    expect(await events.take()).toEqual([]);
  });
});
