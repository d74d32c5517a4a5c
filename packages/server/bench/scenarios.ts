import { organizationCountFor, organizationIdOf } from './seed-organizations.js';
import { hash32, userIdOf } from './seed-rows.js';

export type Dialect = 'sqlite' | 'postgres';

export type Target =
  | { kind: 'ratio'; min: number; label: string }
  | { kind: 'p99'; maxMs: number; label: string }
  /** req/s at least `min` × the run's bcrypt ceiling row. */
  | { kind: 'ceiling'; min: number; label: string };

export interface Scenario {
  name: string;
  /**
   * The Castellan server, the raw `node:http` baseline, or bcrypt alone in the bench process
   * (the ceiling of password hashing on this machine's cores).
   */
  on: 'server' | 'baseline' | 'bcrypt';
  /** Path of the next request; rotates through ids, emails, cursors and terms. */
  nextPath: () => string;
  /** The JSON body of the next request: the request is then a POST. */
  nextBody?: () => string;
  /** Removes what the row wrote (users created since `since`), so the seed stays as it was. */
  cleanup?: (origin: string, headers: Record<string, string>, since: number) => Promise<void>;
  target?: Target;
  /** Checks one response before measuring (returns a short note, throws when wrong). */
  check?: (body: unknown) => string;
}

/** Name fragments for `query`: each matches a few percent of the seeded users. */
const NAME_FRAGMENTS = ['ander', 'mart', 'nguy', 'willi', 'hern'];

/** Terms of 1–2 characters (the start of a name, username, email or phone): 0–18% of users. */
const SHORT_TERMS = ['a', 'jo', 'ma', 'n', 'zz'];

function rotating(salt: number) {
  let k = 0;
  return () => hash32(k++, salt);
}

const isList = (size: number | 'any') => (body: unknown) => {
  if (!Array.isArray(body)) throw new Error('expected an array of users');
  if (size !== 'any' && body.length !== size)
    throw new Error(`expected ${size} users, got ${body.length}`);
  return `${body.length} users`;
};
const isPage = (min: number) => (body: unknown) => {
  const { data, total_count: total } = body as { data?: unknown; total_count?: unknown };
  if (!Array.isArray(data) || typeof total !== 'number')
    throw new Error('expected { data, total_count }');
  if (data.length < min) throw new Error(`expected at least ${min} items, got ${data.length}`);
  return `${data.length} of ${total}`;
};
const isCount = (body: unknown) => {
  const total = (body as { total_count?: unknown }).total_count;
  if (typeof total !== 'number') throw new Error('expected { total_count }');
  return `total_count ${total}`;
};

/** What one run measures, in order; targets are the ones set for 1,000,000 users. */
export function scenarios(n: number, dialect: Dialect): Scenario[] {
  const r = rotating(100);
  const p99 = (maxMs: number): Target => ({ kind: 'p99', maxMs, label: `p99 < ${maxMs} ms` });
  // Issue 14's targets at 1,000,000 users.
  const ratio = dialect === 'sqlite' ? 0.45 : 0.25;
  const deep = Math.floor(n / 10);
  // Users are created in index order, so user i is n-1-i deep in `-created_at` order.
  const middle = Math.floor(n / 2);
  const spread = Math.max(1, Math.floor(n / 20));
  const q = (term: string) => encodeURIComponent(term);
  return [
    { name: 'baseline: node:http + JSON.stringify', on: 'baseline', nextPath: () => '/' },
    {
      name: 'GetUser (random id)',
      on: 'server',
      nextPath: () => `/v1/users/${userIdOf(r() % n, n)}`,
      target: { kind: 'ratio', min: ratio, label: `≥ ${ratio}× baseline` },
      check: (b) => `id ${(b as { id: string }).id}`,
    },
    {
      name: 'GetUserList email_address= (random)',
      on: 'server',
      nextPath: () => `/v1/users?email_address=${q(`user${r() % n}@example.com`)}`,
      target: p99(10),
      check: isList(1),
    },
    {
      name: 'GetUserList order_by=-created_at, page 1',
      on: 'server',
      nextPath: () => '/v1/users?order_by=-created_at&limit=10',
      target: p99(10),
      check: isList(10),
    },
    {
      name: `GetUserList offset=${deep.toLocaleString('en-US')}`,
      on: 'server',
      nextPath: () => `/v1/users?order_by=-created_at&limit=10&offset=${deep}`,
      check: isList(10),
    },
    {
      name: 'GetUserList starting_after (~N/2 deep)',
      on: 'server',
      nextPath: () =>
        `/v1/users?order_by=-created_at&limit=10&starting_after=${userIdOf(middle - spread + (r() % (2 * spread)), n)}`,
      target: p99(10),
      check: isList(10),
    },
    {
      name: 'GetUserList query=user<i> (one match)',
      on: 'server',
      nextPath: () => `/v1/users?query=user${deep + (r() % (n - deep))}`,
      target: p99(25),
      check: isList('any'),
    },
    {
      name: `GetUserList query=<name fragment>`,
      on: 'server',
      nextPath: () => `/v1/users?query=${NAME_FRAGMENTS[r() % NAME_FRAGMENTS.length]}`,
      target: p99(50),
      check: isList(10),
    },
    {
      name: 'GetUserList query=<1–2 characters>',
      on: 'server',
      nextPath: () =>
        `/v1/users?query=${encodeURIComponent(SHORT_TERMS[r() % SHORT_TERMS.length]!)}`,
      target: p99(50),
      check: isList('any'),
    },
    {
      name: 'GetUsersCount (unfiltered)',
      on: 'server',
      nextPath: () => '/v1/users/count',
      target: p99(50),
      check: isCount,
    },
    {
      name: 'GetUsersCount query=user<i> (one match)',
      on: 'server',
      nextPath: () => `/v1/users/count?query=user${deep + (r() % (n - deep))}`,
      target: p99(25),
      check: isCount,
    },
    {
      name: 'GetUsersCount query=<name fragment>',
      on: 'server',
      nextPath: () => `/v1/users/count?query=${NAME_FRAGMENTS[r() % NAME_FRAGMENTS.length]}`,
      target: p99(250),
      check: isCount,
    },
    {
      name: 'GetUsersCount query=<1–2 characters>',
      on: 'server',
      nextPath: () =>
        `/v1/users/count?query=${encodeURIComponent(SHORT_TERMS[r() % SHORT_TERMS.length]!)}`,
      target: p99(250),
      check: isCount,
    },
    // Organizations (docs/benchmarks.md): 10,000 at 1M users, every user a member of one.
    {
      name: 'ListOrganizations order_by=-created_at, page 1',
      on: 'server',
      nextPath: () => '/v1/organizations?limit=10&include_members_count=true',
      target: p99(10),
      check: isPage(10),
    },
    {
      name: 'ListOrganizations user_id= (random user)',
      on: 'server',
      nextPath: () => `/v1/organizations?user_id=${userIdOf(r() % n, n)}`,
      target: p99(10),
      check: isPage(1),
    },
    {
      name: 'UsersGetOrganizationMemberships (random user)',
      on: 'server',
      nextPath: () => `/v1/users/${userIdOf(r() % n, n)}/organization_memberships?limit=10`,
      target: p99(10),
      check: isPage(1),
    },
    {
      name: 'ListOrganizationMemberships (random organization), page 1',
      on: 'server',
      nextPath: () =>
        `/v1/organizations/${organizationIdOf(r() % organizationCountFor(n), n)}/memberships?limit=10`,
      target: p99(10),
      check: isPage(Math.min(10, Math.floor(n / organizationCountFor(n)))),
    },
    // Password sign-ups are bound by bcrypt: measured against bcrypt alone on every core.
    {
      name: 'bcrypt ceiling: hashes/s on all cores (for CreateUser)',
      on: 'bcrypt',
      nextPath: () => '',
    },
    {
      name: 'CreateUser with a password',
      on: 'server',
      nextPath: () => '/v1/users',
      nextBody: createUserBody(),
      cleanup: deleteUsersCreatedSince,
      target: { kind: 'ceiling', min: 0.9, label: '≥ 0.9× bcrypt ceiling' },
      check: (b) => `id ${(b as { id: string }).id}`,
    },
    // Measured again at the end: ratios use the mean of both, so drift during the run shows.
    { name: 'baseline again (end of run)', on: 'baseline', nextPath: () => '/' },
  ];
}

/** Bodies of new users with a password; addresses never collide with the seed or other runs. */
function createUserBody() {
  const run = Date.now().toString(36);
  let k = 0;
  return () =>
    JSON.stringify({
      email_address: [`bench-create-${run}-${k++}@example.com`],
      password: 'Castellan-bench-password-1',
    });
}

/** Deletes the users created since `since` (the seed's users are all older) through the API. */
async function deleteUsersCreatedSince(
  origin: string,
  headers: Record<string, string>,
  since: number,
): Promise<void> {
  for (;;) {
    const res = await fetch(`${origin}/v1/users?created_at_after=${since - 1}&limit=500`, {
      headers,
    });
    const users = (await res.json()) as { id: string }[];
    if (!res.ok) throw new Error(`listing the created users: ${res.status}`);
    if (users.length === 0) return;
    for (const user of users) {
      const deleted = await fetch(`${origin}/v1/users/${user.id}`, { method: 'DELETE', headers });
      await deleted.arrayBuffer();
      if (!deleted.ok) throw new Error(`deleting ${user.id}: ${deleted.status}`);
    }
  }
}
