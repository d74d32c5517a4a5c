import type { SuccessBody } from '@castellan/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CallOptions } from '../helpers/api.js';
import { createTestOrganization, enableOrganizations } from '../helpers/organizations.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser } from '../helpers/users.js';

type Org = SuccessBody<'CreateOrganization'>;

describe.each(testDialects())('GET /v1/organizations (%s)', (dialect) => {
  let t: TestInstance;
  let alpha: Org;
  let beta: Org;
  let gamma: Org;
  let ann: SuccessBody<'CreateUser'>;
  let bob: SuccessBody<'CreateUser'>;

  type Query = NonNullable<CallOptions<'ListOrganizations'>['query']>;
  const list = async (query: Query = {}) => t.api.ok('ListOrganizations', { query });
  const ids = async (query: Query = {}) => (await list(query)).data.map((o) => o.id);

  beforeAll(async () => {
    t = await useTestInstance(dialect);
    await t.api.fail('ListOrganizations', {}, 403, 'organization_not_enabled_in_instance');
    await enableOrganizations(t.api);
    ann = await createTestUser(t.api);
    bob = await createTestUser(t.api);
    // Ann creates Alpha (admin); Bob joins Beta as a member; nobody is in Gamma.
    alpha = await createTestOrganization(t.api, {
      name: 'Alpha Widgets',
      slug: 'alpha',
      created_by: ann.id,
      created_at: '2026-01-01T00:00:00.000Z',
    });
    beta = await createTestOrganization(t.api, {
      name: 'beta_100% Tools',
      slug: 'beta-tools',
      created_at: '2026-02-01T00:00:00.000Z',
    });
    gamma = await createTestOrganization(t.api, {
      name: 'Gamma',
      slug: 'gamma-widgets',
      created_at: '2026-03-01T00:00:00.000Z',
    });
    for (const user of [ann, bob]) {
      await t.api.ok('CreateOrganizationMembership', {
        params: { organization_id: beta.id },
        body: { user_id: user.id, role: 'org:member' },
      });
    }
  });

  it('answers { data, total_count }, newest first, without counts unless asked', async () => {
    const page = await list();
    expect(page.total_count).toBe(3);
    expect(page.data.map((o) => o.id)).toEqual([gamma.id, beta.id, alpha.id]);
    expect(page.data[0]).toMatchObject({ object: 'organization', slug: 'gamma-widgets' });
    expect(page.data[0]!.members_count).toBeUndefined();
    expect(page.data[0]!.missing_member_with_elevated_permissions).toBeUndefined();
  });

  it('orders by created_at, name and members_count, either way', async () => {
    expect(await ids({ order_by: 'created_at' })).toEqual([alpha.id, beta.id, gamma.id]);
    expect(await ids({ order_by: '+name' })).toEqual([alpha.id, beta.id, gamma.id]);
    expect(await ids({ order_by: '-name' })).toEqual([gamma.id, beta.id, alpha.id]);
    expect(await ids({ order_by: '-members_count' })).toEqual([beta.id, alpha.id, gamma.id]);
    expect(await ids({ order_by: 'members_count' })).toEqual([gamma.id, alpha.id, beta.id]);
    for (const order_by of ['slug', 'updated_at', '-', 'constructor']) {
      await t.api.fail('ListOrganizations', { query: { order_by } }, 422);
    }
  });

  it('pages with limit and offset; total_count counts every match', async () => {
    const first = await list({ limit: 2, order_by: 'created_at' });
    expect(first.data.map((o) => o.id)).toEqual([alpha.id, beta.id]);
    expect(first.total_count).toBe(3);
    const second = await list({ limit: 2, offset: 2, order_by: 'created_at' });
    expect(second.data.map((o) => o.id)).toEqual([gamma.id]);
    expect((await list({ offset: 10 })).data).toEqual([]);
    await t.api.fail('ListOrganizations', { query: { limit: 0 } }, 422);
    await t.api.fail('ListOrganizations', { query: { limit: 501 } }, 422);
    await t.api.fail('ListOrganizations', { query: { offset: -1 } }, 422);
    await t.api.fail('ListOrganizations', { query: { limit: 'ten' } }, 422);
  });

  it('query: the exact ID, or part of the name or slug, any case; wildcards are literal', async () => {
    expect(await ids({ query: 'WIDGETS' })).toEqual([gamma.id, alpha.id]);
    expect(await ids({ query: 'tools' })).toEqual([beta.id]);
    expect(await ids({ query: alpha.id })).toEqual([alpha.id]);
    expect(await ids({ query: alpha.id.slice(0, 10) })).toEqual([]);
    expect(await ids({ query: '100%' })).toEqual([beta.id]);
    expect(await ids({ query: '%' })).toEqual([beta.id]);
    expect(await ids({ query: 'a_1' })).toEqual([beta.id]);
    expect(await ids({ query: 'nothing-like-it' })).toEqual([]);
    expect((await list({ query: 'widgets' })).total_count).toBe(2);
    expect(await ids({ query: '   ' })).toHaveLength(3);
  });

  it('user_id: organizations those users are members of, + includes and - excludes', async () => {
    expect(await ids({ user_id: [ann.id] })).toEqual([beta.id, alpha.id]);
    expect(await ids({ user_id: [bob.id] })).toEqual([beta.id]);
    expect(await ids({ user_id: [`+${bob.id}`] })).toEqual([beta.id]);
    expect(await ids({ user_id: [ann.id, bob.id] })).toEqual([beta.id, alpha.id]);
    expect(await ids({ user_id: [`-${bob.id}`] })).toEqual([gamma.id, alpha.id]);
    expect(await ids({ user_id: [ann.id, `-${bob.id}`] })).toEqual([alpha.id]);
    expect(await ids({ user_id: ['user_unknown'] })).toEqual([]);
    expect(await ids({ user_id: ['-user_unknown'] })).toHaveLength(3);
    // An unencoded `+` arrives as a space.
    const raw = await t.api.ok('ListOrganizations', { rawQuery: `user_id=+${bob.id}` });
    expect(raw.data.map((o) => o.id)).toEqual([beta.id]);
  });

  it('organization_id: IDs or slugs, + includes and - excludes, up to 100', async () => {
    expect(await ids({ organization_id: [alpha.id, 'gamma-widgets'] })).toEqual([
      gamma.id,
      alpha.id,
    ]);
    expect(await ids({ organization_id: [`-${alpha.id}`, '-beta-tools'] })).toEqual([gamma.id]);
    expect(await ids({ organization_id: [`+${beta.id}`, 'org_unknown'] })).toEqual([beta.id]);
    expect(await ids({ organization_id: ['org_unknown'] })).toEqual([]);
    expect(await ids({ organization_id: [alpha.id], user_id: [bob.id], query: 'zzz' })).toEqual([]);
    const many = Array.from({ length: 101 }, (_, i) => `org_${i}`);
    await t.api.fail(
      'ListOrganizations',
      { query: { organization_id: many } },
      422,
      'form_param_exceeds_allowed_size',
    );
    await t.api.fail(
      'ListOrganizations',
      { query: { user_id: many } },
      422,
      'form_param_exceeds_allowed_size',
    );
  });

  it('include_members_count adds members_count and pending_invitations_count', async () => {
    const page = await list({ include_members_count: true, order_by: 'created_at' });
    expect(page.data.map((o) => [o.members_count, o.pending_invitations_count])).toEqual([
      [1, 0],
      [2, 0],
      [0, 0],
    ]);
  });

  it('include_missing_member_with_elevated_permissions: true where no member is an admin', async () => {
    const page = await list({
      include_missing_member_with_elevated_permissions: true,
      order_by: 'created_at',
    });
    expect(page.data.map((o) => o.missing_member_with_elevated_permissions)).toEqual([
      false,
      true,
      true,
    ]);
    const one = await t.api.ok('GetOrganization', {
      params: { organization_id: beta.id },
      query: {
        include_missing_member_with_elevated_permissions: true,
        include_members_count: true,
      },
    });
    expect(one).toMatchObject({
      missing_member_with_elevated_permissions: true,
      members_count: 2,
      pending_invitations_count: 0,
    });
  });

  it('sees only its own instance', async () => {
    const other = await useTestInstance(dialect);
    await enableOrganizations(other.api);
    await createTestOrganization(other.api, { name: 'Alpha Widgets Elsewhere' });
    expect((await list({ query: 'alpha' })).data.map((o) => o.id)).toEqual([alpha.id]);
    const theirs = await other.api.ok('ListOrganizations', {});
    expect(theirs.total_count).toBe(1);
  });
});
