import { forEachApiObject } from './api-objects.js';
import { createResponseValidator, operations, type OperationId } from '@castellan/contract';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignUp } from '../../src/sign-ups/sign-up-service.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { scopeOn } from '../helpers/test-scope.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser } from '../helpers/users.js';
import { requestsFor, type FuzzRequest, type KnownIds } from './requests.js';

/**
 * Every operation the server registers, fuzzed from its contract (issue 6): valid requests
 * and requests spoiled every way a buggy client or an attacker would. Nothing may answer
 * 5xx, every error is the Clerk envelope, every success validates against the contract,
 * and nothing a successful request did not touch may change. Seeded and bounded: set
 * FUZZ_RUNS (per operation) and FUZZ_SEED for a longer or different run.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
const SEED = Number(process.env.FUZZ_SEED ?? 20261129);
const validate = createResponseValidator();
const STATS = new Map<string, number>();
afterAll(() => {
  if (process.env.FUZZ_STATS)
    console.log(
      [...STATS]
        .sort()
        .map(([k, n]) => `${k}: ${n}`)
        .join('\n'),
    );
});

const METHOD_ORDER = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** The operations the server registers, read off the worker's server; deletes last. */
const OPERATION_IDS: OperationId[] = [
  ...(await useTestInstance(testDialects()[0]!)).app.castellan.operationIds,
].sort(
  (a, b) =>
    METHOD_ORDER.indexOf(operations[a].method) - METHOD_ORDER.indexOf(operations[b].method) ||
    a.localeCompare(b),
);

/** Path parameters not named `<object>_id` (`/jwt_templates/{template_id}`). */
const PATH_PARAM_OF: Record<string, string> = {
  jwt_template: 'template_id',
  organization_invitation: 'invitation_id',
  organization_domain: 'domain_id',
  role_set: 'role_set_key_or_id',
};
/** Objects whose operations name them by a path parameter called plain `id`. */
const NAMED_BY_ID = new Set(['redirect_url', 'sign_up_attempt']);

function remember(known: KnownIds, name: string, id: string): void {
  const ids = known.get(name) ?? [];
  if (!ids.includes(id)) known.set(name, [...ids, id].slice(-50));
}

/** IDs of the objects in a response body, by the path parameter that names them. */
function collectIds(body: unknown, known: KnownIds): void {
  forEachApiObject(body, (object, id) => {
    remember(known, PATH_PARAM_OF[object] ?? `${object}_id`, id);
    if (NAMED_BY_ID.has(object)) remember(known, 'id', id);
  });
}

/**
 * Organizations on, with domains and every enrollment mode, and two organizations of owners
 * of their own (the seeded users stay untouched): a member each, a pending invitation, a
 * verified domain, so the organization operations reach their rules, not just the 403.
 */
async function seedOrganizations(t: TestInstance, known: KnownIds): Promise<void> {
  await t.api.ok('UpdateInstanceOrganizationSettings', {
    body: {
      enabled: true,
      domains_enabled: true,
      domains_enrollment_modes: ['automatic_invitation', 'automatic_suggestion'],
    },
  });
  for (const name of ['Fuzz Org One', 'Fuzz Org Two']) {
    const [owner, member] = [await createTestUser(t.api), await createTestUser(t.api)];
    const org = await t.api.ok('CreateOrganization', { body: { name, created_by: owner.id } });
    const params = { organization_id: org.id };
    await t.api.ok('CreateOrganizationMembership', {
      params,
      body: { user_id: member.id, role: 'org:member' },
    });
    const invitation = await t.api.ok('CreateOrganizationInvitation', {
      params,
      body: { email_address: `invitee.${org.slug}@seed.test`, role: 'org:member' },
    });
    const domain = await t.api.ok('CreateOrganizationDomain', {
      params,
      body: { name: `${org.slug}.seed.test`, enrollment_mode: 'manual_invitation' },
    });
    for (const [key, id] of [
      ['organization_id', org.id],
      ['organization_id', org.slug],
      ['user_id', owner.id],
      ['user_id', member.id],
      ['invitation_id', invitation.id],
      ['domain_id', domain.id],
    ] as const)
      remember(known, key, id);
  }
  const roleSets = await t.api.ok('ListRoleSets', {});
  for (const set of roleSets.data) remember(known, 'role_set_key_or_id', set.key);
  const permissions = await t.api.ok('ListOrganizationPermissions', {});
  for (const p of permissions.data) remember(known, 'permission_id', p.id);
}

describe.each(testDialects())('fuzz: every registered operation (%s)', (dialect) => {
  let t: TestInstance;
  let sentinel: TestInstance;
  let sentinelSnapshot: unknown;
  const known: KnownIds = new Map();
  const seeded = new Map<string, unknown>();
  const touched = new Set<string>();

  beforeAll(async () => {
    t = await useTestInstance(dialect);
    for (const body of [
      { first_name: 'Seed', username: 'seed_one', public_metadata: { a: [1, { b: 'c' }] } },
      { phone_number: ['+14155550142'], skip_password_requirement: true, password: undefined },
      { web3_wallet: ['0x1111111111111111111111111111111111111111'], external_id: 'ext-seed' },
      { first_name: 'Four', last_name: 'Seeded', unsafe_metadata: { n: 4 } },
      { username: 'seed_five', totp_secret: 'JBSWY3DPEHPK3PXP', backup_codes: ['code-five-1'] },
      { email_address: ['six@seed.test', 'six.b@seed.test'], locale: 'fr-FR' },
    ]) {
      const user = await createTestUser(t.api, body);
      seeded.set(user.id, user);
    }
    known.set('user_id', [...seeded.keys()]);
    // Sign-ups come from the browser (no Backend API call makes one): start two directly.
    const scope = scopeOn(t.app, { ...t, baseUrl: 'http://localhost' });
    for (const email of ['fuzz.one@seed.test', undefined]) {
      const signUp = await createSignUp(scope, {
        requiredFields: ['email_address', 'password'],
        optionalFields: ['first_name'],
        emailAddress: email,
      });
      remember(known, 'id', signUp.id);
    }
    remember(known, 'publishable_key', t.instance.publishableKey);
    remember(known, 'frontend_api', t.instance.frontendApi);
    // A session and its client to aim at, of a user of their own (starting a session
    // changes its user's last_sign_in_at, so the seeded users stay as they were).
    const owner = await createTestUser(t.api);
    const session = await t.api.ok('createSession', { body: { user_id: owner.id } });
    known.set('session_id', [session.id]);
    known.set('client_id', [session.client_id]);
    await seedOrganizations(t, known);
    // Another instance on the same database: nothing the fuzzed key does may reach it.
    sentinel = await useTestInstance(dialect);
    await createTestUser(sentinel.api, { first_name: 'Sentinel' });
    sentinelSnapshot = await sentinel.api.ok('GetUserList', { query: { limit: 500 } });
  });

  async function send(operationId: OperationId, request: FuzzRequest) {
    const res = await t.app.inject({
      method: request.method as 'GET',
      url: request.url,
      headers: request.headers,
      ...(request.payload !== undefined ? { payload: request.payload } : {}),
    });
    const label = `${operationId} ${request.method} ${request.url.slice(0, 200)} -> ${res.statusCode}: ${res.body.slice(0, 300)}`;
    if (process.env.FUZZ_STATS) {
      const key = `${operationId} ${res.statusCode} ${res.statusCode >= 400 ? JSON.parse(res.body).errors?.[0]?.code : ''}`;
      STATS.set(key, (STATS.get(key) ?? 0) + 1);
    }
    expect(res.statusCode, label).toBeLessThan(500);
    // A success without a JSON body may be a page (the interstitial's HTML).
    const page =
      res.statusCode < 300 && String(res.headers['content-type']).startsWith('text/html');
    const body = res.body === '' || page ? undefined : (JSON.parse(res.body) as unknown);
    if (body !== undefined) expect(res.headers['content-type'], label).toBe('application/json');
    const result = validate(operationId, res.statusCode, body);
    expect(result.ok, `${label}\n${result.errors}`).toBe(true);
    if (res.statusCode < 300) {
      for (const [name, id] of Object.entries(request.params)) {
        touched.add(id);
        // A resource deleted is no longer a target.
        if (request.method === 'DELETE')
          known.set(
            name,
            (known.get(name) ?? []).filter((k) => k !== id),
          );
      }
      collectIds(body, known);
    }
  }

  it('registers operations to fuzz', () => {
    expect(t.app.castellan.operationIds.size).toBeGreaterThan(0);
  });

  it.each(OPERATION_IDS)('%s', async (operationId) => {
    const details = await fc.check(
      fc.asyncProperty(
        fc.constant(null).chain(() => requestsFor(operationId, t.secretKey, known)),
        (request) => send(operationId, request),
      ),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    if (details.failed) {
      const example = JSON.stringify(details.counterexample?.[0]).replace(
        /(.)\1{40,}/g,
        (m, c) => `${c}×${m.length}`,
      );
      throw new Error(
        `${operationId} failed (seed ${details.seed}, path ${details.counterexamplePath}):\n` +
          `${example.slice(0, 2000)}\n${String(details.errorInstance).slice(0, 3000)}`,
      );
    }
  });

  it('left unchanged what no successful request touched, and every stored user readable', async () => {
    for (const [id, before] of seeded) {
      if (touched.has(id)) continue;
      expect(await t.api.ok('GetUser', { params: { user_id: id } })).toEqual(before);
    }
    expect(await sentinel.api.ok('GetUserList', { query: { limit: 500 } })).toEqual(
      sentinelSnapshot,
    );
    // No stored value makes a later read fail: every user of the instance reads back.
    const total = (await t.api.ok('GetUsersCount')).total_count;
    const all = [];
    for (let offset = 0; offset < total; offset += 500) {
      all.push(...(await t.api.ok('GetUserList', { query: { limit: 500, offset } })));
    }
    expect(all).toHaveLength(total);
    for (const user of all) await t.api.ok('GetUser', { params: { user_id: user.id } });
    // Every organization, its memberships, invitations and domains read back too.
    const orgs = await t.api.ok('ListOrganizations', { query: { limit: 500 } });
    for (const org of orgs.data) {
      const params = { organization_id: org.id };
      await t.api.ok('GetOrganization', { params, query: { include_members_count: true } });
      await t.api.ok('ListOrganizationMemberships', { params, query: { limit: 500 } });
      await t.api.ok('ListOrganizationInvitations', { params, query: { limit: 500 } });
      await t.api.ok('ListOrganizationDomains', { params, query: { limit: 500 } });
    }
    await t.api.ok('ListRoleSets', { query: { limit: 500 } });
    await t.api.ok('ListOrganizationPermissions', { query: { limit: 500 } });
  });
});
