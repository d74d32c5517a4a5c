import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import {
  createTestDomain,
  createTestOrganization,
  type Domain,
  enableDomains,
  uniqueDomain,
} from './domain-helpers.js';

/** A list's query string, as the tests send it. */
type Query = Record<string, string | number | string[]>;

describe.each(testDialects())('listing organization domains (%s)', (dialect) => {
  let t: TestInstance;
  let orgId: string;
  let otherId: string;
  /** Oldest first: manual verified, suggestion unverified, invitation verified, manual unverified. */
  let mine: Domain[];
  let theirs: Domain;

  beforeAll(async () => {
    t = await useTestInstance(dialect);
    await enableDomains(t);
    orgId = (await createTestOrganization(t.api)).id;
    otherId = (await createTestOrganization(t.api)).id;
    mine = [];
    for (const [prefix, enrollment_mode, verified] of [
      ['delta', 'manual_invitation', true],
      ['alpha', 'automatic_suggestion', false],
      ['charlie', 'automatic_invitation', true],
      ['bravo', 'manual_invitation', false],
    ] as const) {
      mine.push(
        await createTestDomain(t, orgId, {
          name: uniqueDomain(prefix),
          enrollment_mode,
          verified,
        }),
      );
    }
    theirs = await createTestDomain(t, otherId, { name: uniqueDomain('echo') });
  });

  const ids = (page: { data: Domain[] }) => page.data.map((d) => d.id);
  const listOf = (query: Query = {}, organizationId = orgId) =>
    t.api.ok('ListOrganizationDomains', { params: { organization_id: organizationId }, query });
  const listAll = (query: Query = {}) => t.api.ok('ListAllOrganizationDomains', { query });

  it("lists an organization's domains newest first, with limit and offset", async () => {
    const page = await listOf();
    expect(page.total_count).toBe(4);
    expect(ids(page)).toEqual(mine.map((d) => d.id).reverse());
    const second = await listOf({ limit: 2, offset: 1 });
    expect(second.total_count).toBe(4);
    expect(ids(second)).toEqual([mine[2]!.id, mine[1]!.id]);
    expect(page.data[0]).toEqual(mine[3]);
  });

  it('filters by verification and enrollment mode (included, or excluded with -)', async () => {
    expect(ids(await listOf({ verified: 'true' }))).toEqual([mine[2]!.id, mine[0]!.id]);
    expect(ids(await listOf({ verified: 'false' }))).toEqual([mine[3]!.id, mine[1]!.id]);
    const manual = await listOf({ enrollment_mode: 'manual_invitation' });
    expect(ids(manual)).toEqual([mine[3]!.id, mine[0]!.id]);
    const notManual = await listOf({ enrollment_mode: '-manual_invitation' });
    expect(ids(notManual)).toEqual([mine[2]!.id, mine[1]!.id]);
    const both = await listOf({ enrollment_mode: 'manual_invitation,-manual_invitation' });
    expect(both).toEqual({ data: [], total_count: 0 });
    const verifiedManual = await listOf({ verified: 'true', enrollment_mode: 'manual_invitation' });
    expect(ids(verifiedManual)).toEqual([mine[0]!.id]);
    expect(verifiedManual.total_count).toBe(1);
  });

  it('refuses malformed filters, and answers 404 for an unknown organization', async () => {
    for (const query of [{ verified: 'yes' }, { enrollment_mode: 'automatic' }]) {
      await t.api.fail(
        'ListOrganizationDomains',
        { params: { organization_id: orgId }, query },
        422,
        'form_param_value_invalid',
      );
    }
    await t.api.fail(
      'ListOrganizationDomains',
      { params: { organization_id: 'org_unknown' } },
      404,
      'resource_not_found',
    );
  });

  it('lists every domain of the instance, filtered as asked', async () => {
    const all = await listAll({ limit: 500 });
    expect(all.total_count).toBe(5);
    expect(ids(all)).toEqual([theirs.id, ...mine.map((d) => d.id).reverse()]);
    expect(ids(await listAll({ organization_id: otherId }))).toEqual([theirs.id]);
    expect((await listAll({ verified: 'true' })).total_count).toBe(3);
    const modes = await listAll({
      enrollment_mode: ['manual_invitation', 'automatic_suggestion', '-automatic_suggestion'],
    });
    expect(ids(modes)).toEqual([theirs.id, mine[3]!.id, mine[0]!.id]);
    const named = await listAll({ domains: [mine[1]!.name.toUpperCase(), theirs.name, 'no.test'] });
    expect(ids(named)).toEqual([theirs.id, mine[1]!.id]);
    // Not a name: it matches nothing (a path is not cut off).
    expect((await listAll({ domains: [`${theirs.name}/x`] })).total_count).toBe(0);
    // The spec's form for enrollment_mode: one comma-separated value.
    const comma = await t.api.ok('ListAllOrganizationDomains', {
      rawQuery: 'enrollment_mode=manual_invitation,-manual_invitation',
    });
    expect(comma.total_count).toBe(0);
    const commaOk = await t.api.ok('ListAllOrganizationDomains', {
      rawQuery: 'enrollment_mode=automatic_suggestion,automatic_invitation',
    });
    expect(ids(commaOk)).toEqual([mine[2]!.id, mine[1]!.id]);
  });

  it('searches by part of the name, or by organization ID', async () => {
    expect(ids(await listAll({ query: 'CHARLIE' }))).toEqual([mine[2]!.id]);
    expect(ids(await listAll({ query: ` ${otherId} ` }))).toEqual([theirs.id]);
    expect((await listAll({ query: 'org_unknown' })).total_count).toBe(0);
    expect((await listAll({ query: otherId, organization_id: orgId })).total_count).toBe(0);
    expect((await listAll({ query: '%' })).total_count).toBe(0);
    await t.api.fail('ListAllOrganizationDomains', { query: { query: '   ' } }, 422);
  });

  it('orders by name or created_at, either way', async () => {
    const byName = await listAll({ order_by: 'name', limit: 500 });
    expect(byName.data.map((d) => d.name.split('-')[0])).toEqual([
      'alpha',
      'bravo',
      'charlie',
      'delta',
      'echo',
    ]);
    const byNameDesc = await listAll({ order_by: '-name', limit: 500 });
    expect(ids(byNameDesc)).toEqual(ids(byName).reverse());
    const oldest = await listAll({ order_by: '+created_at', limit: 2, offset: 1 });
    expect(ids(oldest)).toEqual([mine[1]!.id, mine[2]!.id]);
    await t.api.fail(
      'ListAllOrganizationDomains',
      { query: { order_by: 'enrollment_mode' } },
      422,
      'form_param_value_invalid',
    );
  });

  it('counts the pending, unexpired invitations of the organization at each domain', async () => {
    const role = await t.database.db
      .selectFrom('roles')
      .select('id')
      .where('instance_id', '=', t.instanceId)
      .where('key', '=', 'org:member')
      .executeTakeFirstOrThrow();
    const now = Date.now();
    const invite = (
      organizationId: string,
      email: string,
      status = 'pending',
      expiresAt?: number,
    ) =>
      t.database.db
        .insertInto('organization_invitations')
        .values({
          id: `orginv_${randomBytes(8).toString('hex')}`,
          instance_id: t.instanceId,
          organization_id: organizationId,
          email_address: email,
          email_lower: email.toLowerCase(),
          role_id: role.id,
          inviter_id: null,
          status,
          public_metadata: '{}',
          private_metadata: '{}',
          redirect_url: null,
          token_hash: randomBytes(32).toString('hex'),
          expires_at: expiresAt ?? null,
          created_at: now,
          updated_at: now,
        })
        .execute();
    const domain = mine[0]!.name;
    await invite(orgId, `one@${domain}`);
    await invite(orgId, `Two@${domain.toUpperCase()}`, 'pending', now + 86_400_000);
    await invite(orgId, `expired@${domain}`, 'pending', now - 1000);
    await invite(orgId, `accepted@${domain}`, 'accepted');
    await invite(orgId, `sub@mail.${domain}`);
    await invite(otherId, `theirs@${domain}`);
    const [first] = (await listOf({ verified: 'true', enrollment_mode: 'manual_invitation' })).data;
    expect(first!.total_pending_invitations).toBe(2);
    const everything = await listAll({ limit: 500 });
    const counts = everything.data.map((d) => d.total_pending_invitations);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(2);
  });
});
