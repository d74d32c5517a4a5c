import type { SuccessBody } from '@castellan/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestOrganization, enableOrganizations } from '../helpers/organizations.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser } from '../helpers/users.js';

type User = SuccessBody<'GetUser'>;

/** Each field orders the members differently from the order they joined in. */
const PEOPLE = [
  { first_name: 'Alice', last_name: 'Zephyr', username: 'dd_user', phone: '+14155550103' },
  { first_name: 'Bob', last_name: 'Young', username: 'bobby', phone: '+14155550105' },
  { first_name: 'Carol', last_name: 'Xu', username: 'ee_user', phone: '+14155550101' },
  { first_name: 'Dave', last_name: 'Wong', username: 'aa_user', phone: '+14155550104' },
  { first_name: 'Eve', last_name: 'Vance', username: 'cc_user', phone: '+14155550102' },
];

const SORT_VALUE: Record<string, (u: User) => string> = {
  email_address: (u) => u.email_addresses[0]!.email_address,
  phone_number: (u) => u.phone_numbers[0]!.phone_number,
  first_name: (u) => u.first_name!,
  last_name: (u) => u.last_name!,
  username: (u) => u.username!,
};

describe.each(testDialects())('listing organization memberships (%s)', (dialect) => {
  let t: TestInstance;
  let org: SuccessBody<'CreateOrganization'>;
  let other: SuccessBody<'CreateOrganization'>;
  const users: User[] = [];
  const JOINED = Date.UTC(2030, 0, 1);

  beforeAll(async () => {
    t = await useTestInstance(dialect);
    await enableOrganizations(t.api);
    for (const [i, p] of PEOPLE.entries()) {
      users.push(
        await createTestUser(t.api, {
          email_address: [`${'edcba'[i]}-${p.first_name.toLowerCase()}.${process.pid}@example.com`],
          first_name: p.first_name,
          last_name: p.last_name,
          username: `${p.username}_${process.pid}`,
          phone_number: [p.phone],
          created_at: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
        }),
      );
    }
    org = await createTestOrganization(t.api);
    other = await createTestOrganization(t.api);
    for (const [i, user] of users.entries()) {
      t.clock.set(JOINED + i * 1000);
      await t.api.ok('CreateOrganizationMembership', {
        params: { organization_id: org.id },
        body: { user_id: user.id, role: i % 2 === 0 ? 'org:admin' : 'org:member' },
      });
    }
    t.clock.set(JOINED + 10_000);
    await t.api.ok('CreateOrganizationMembership', {
      params: { organization_id: other.id },
      body: { user_id: users[0]!.id, role: 'org:member' },
    });
    t.clock.useRealTime();
  });

  async function names(query: Record<string, unknown> = {}, orgId = org.id) {
    const page = await t.api.ok('ListOrganizationMemberships', {
      params: { organization_id: orgId },
      query: query as never,
    });
    return {
      names: page.data.map((m) => m.public_user_data!.first_name),
      total: page.total_count,
    };
  }

  it('lists newest first by default, with limit, offset and the total', async () => {
    expect(await names()).toEqual({ names: ['Eve', 'Dave', 'Carol', 'Bob', 'Alice'], total: 5 });
    expect(await names({ limit: 2, offset: 1 })).toEqual({ names: ['Dave', 'Carol'], total: 5 });
    expect((await names({ order_by: '+created_at' })).names).toEqual([
      'Alice',
      'Bob',
      'Carol',
      'Dave',
      'Eve',
    ]);
    // By slug too, and each membership carries its organization and role.
    const page = await t.api.ok('ListOrganizationMemberships', {
      params: { organization_id: org.slug },
      query: { limit: 1 },
    });
    expect(page.data[0]).toMatchObject({
      object: 'organization_membership',
      role: 'org:admin',
      organization: { id: org.id },
      created_at: JOINED + 4000,
    });
  });

  it.each(Object.keys(SORT_VALUE))('orders by the member’s %s, both ways', async (field) => {
    const sorted = [...users]
      .sort((a, b) => (SORT_VALUE[field]!(a) < SORT_VALUE[field]!(b) ? -1 : 1))
      .map((u) => u.first_name);
    expect((await names({ order_by: field })).names).toEqual(sorted);
    expect((await names({ order_by: `+${field}` })).names).toEqual(sorted);
    expect((await names({ order_by: `-${field}` })).names).toEqual([...sorted].reverse());
  });

  it('filters by role, user IDs (+/-), identifiers and searches, counting what matches', async () => {
    expect(await names({ role: ['org:member'] })).toEqual({ names: ['Dave', 'Bob'], total: 2 });
    expect((await names({ role: ['org:nope'] })).total).toBe(0);
    expect((await names({ user_id: [users[1]!.id, `+${users[2]!.id}`] })).names).toEqual([
      'Carol',
      'Bob',
    ]);
    expect((await names({ user_id: [`-${users[0]!.id}`] })).total).toBe(4);
    expect(
      (await names({ email_address: [users[3]!.email_addresses[0]!.email_address] })).names,
    ).toEqual(['Dave']);
    expect((await names({ phone_number: ['+14155550101'] })).names).toEqual(['Carol']);
    expect((await names({ username: [users[4]!.username!.toUpperCase()] })).names).toEqual(['Eve']);
    expect((await names({ query: 'zephyr' })).names).toEqual(['Alice']);
    expect((await names({ name_query: 'ong' })).names).toEqual(['Dave']);
    // 1–2 characters match the start of a first or last name (docs/behaviour.md).
    expect((await names({ name_query: 'x' })).names).toEqual(['Carol']);
    expect((await names({ name_query: 'e' })).names).toEqual(['Eve']);
    expect((await names({ username_query: 'CC_' })).names).toEqual(['Eve']);
    expect((await names({ phone_number_query: '5550104' })).names).toEqual(['Dave']);
    expect((await names({ email_address_query: 'B-DAVE' })).names).toEqual(['Dave']);
    expect(
      await names({
        created_at_after: Date.UTC(2024, 0, 1) + 60_000,
        created_at_before: Date.UTC(2024, 0, 1) + 4 * 60_000,
      }),
    ).toEqual({ names: ['Dave', 'Carol'], total: 2 });
    expect((await names({ role: ['org:admin'], name_query: 'ice' })).names).toEqual(['Alice']);
    expect((await names({ role: ['org:admin'], name_query: 'e' })).names).toEqual(['Eve']);
    // A member of the other organization only shows there.
    expect(await names({}, other.id)).toEqual({ names: ['Alice'], total: 1 });
  });

  it('refuses a bad order_by, too many values, an unknown organization', async () => {
    await t.api.fail(
      'ListOrganizationMemberships',
      { params: { organization_id: org.id }, query: { order_by: 'nickname' } },
      422,
      'form_param_value_invalid',
    );
    await t.api.fail(
      'ListOrganizationMemberships',
      { params: { organization_id: org.id }, query: { role: Array(101).fill('org:admin') } },
      422,
      'form_param_exceeds_allowed_size',
    );
    await t.api.fail(
      'ListOrganizationMemberships',
      { params: { organization_id: 'org_nope' } },
      404,
      'resource_not_found',
    );
    await t.api.fail(
      'ListOrganizationMemberships',
      { params: { organization_id: org.id }, query: { limit: 0 } },
      422,
    );
  });

  it('lists every membership of the instance, newest first, in any order asked', async () => {
    const page = await t.api.ok('InstanceGetOrganizationMemberships', { query: { limit: 3 } });
    expect(page.total_count).toBe(6);
    expect(page.data.map((m) => [m.organization.id, m.public_user_data!.first_name])).toEqual([
      [other.id, 'Alice'],
      [org.id, 'Eve'],
      [org.id, 'Dave'],
    ]);
    const byName = await t.api.ok('InstanceGetOrganizationMemberships', {
      query: { order_by: '-first_name', limit: 10 },
    });
    expect(byName.data.map((m) => m.public_user_data!.first_name)).toEqual([
      'Eve',
      'Dave',
      'Carol',
      'Bob',
      'Alice',
      'Alice',
    ]);
    await t.api.fail(
      'InstanceGetOrganizationMemberships',
      { query: { order_by: 'role' } },
      422,
      'form_param_value_invalid',
    );
  });

  it('lists a user’s memberships, newest first; an unknown user is a 404', async () => {
    const page = await t.api.ok('UsersGetOrganizationMemberships', {
      params: { user_id: users[0]!.id },
    });
    expect(page.total_count).toBe(2);
    expect(page.data.map((m) => [m.organization.id, m.role])).toEqual([
      [other.id, 'org:member'],
      [org.id, 'org:admin'],
    ]);
    const second = await t.api.ok('UsersGetOrganizationMemberships', {
      params: { user_id: users[0]!.id },
      query: { limit: 1, offset: 1 },
    });
    expect(second).toMatchObject({ total_count: 2, data: [{ organization: { id: org.id } }] });
    const lonely = await createTestUser(t.api);
    expect(
      await t.api.ok('UsersGetOrganizationMemberships', { params: { user_id: lonely.id } }),
    ).toEqual({ data: [], total_count: 0 });
    await t.api.fail(
      'UsersGetOrganizationMemberships',
      { params: { user_id: 'user_nope' } },
      404,
      'resource_not_found',
    );
  });
});
