import { deepStrictEqual } from 'node:assert/strict';
import { createServer } from '../src/app.js';
import { BENCH_SECRET_KEY } from './seed-instance.js';
import { seedUserAt, type SeedUser } from './seed-rows.js';

/** Columns that legitimately differ between a seeded user and one created now through the API. */
const VOLATILE = new Set([
  'id',
  'instance_id',
  'user_id',
  'primary_email_address_id',
  'primary_phone_number_id',
  'search_rowid',
  // The seed writes a user as if created at `created_at`; the API stamps these with "now".
  'updated_at',
  'password_last_updated_at',
  'emails',
  'phones',
  'wallets',
]);

function stable(row: object, createdAtToo: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (VOLATILE.has(k) || (createdAtToo && k === 'created_at')) continue;
    out[k] = typeof v === 'boolean' ? Number(v) : v;
  }
  return out;
}

/** The identification snapshots on a users row, keys in order, ids and timestamps masked. */
function snapshots(row: object): string {
  const record = row as Record<string, unknown>;
  return ['emails', 'phones', 'wallets']
    .map((kind) =>
      JSON.stringify(JSON.parse(String(record[kind])), (key, value: unknown) =>
        ['id', 'instance_id', 'user_id', 'created_at', 'updated_at'].includes(key) ? '…' : value,
      ),
    )
    .join(' ');
}

function createInput(s: SeedUser) {
  const u = s.user;
  return {
    first_name: u.first_name,
    last_name: u.last_name,
    email_address: [s.email.email_address],
    ...(s.phone ? { phone_number: [s.phone.phone_number] } : {}),
    ...(u.username ? { username: u.username } : {}),
    ...(u.external_id ? { external_id: u.external_id } : {}),
    ...(u.password_digest
      ? { password_digest: u.password_digest, password_hasher: u.password_hasher }
      : {}),
    public_metadata: JSON.parse(u.public_metadata as string) as object,
    created_at: new Date(u.created_at).toISOString(),
    skip_password_requirement: true,
  };
}

/**
 * Proves the seed writes what the server writes: creates a few seed users through
 * `POST /v1/users` on an in-memory server and compares every stored column (users,
 * email_addresses, phone_numbers, user_search, user_public_data) with the seed's rows, except ids and the
 * "now" timestamps.
 */
export async function verifySeedMatchesApiWrites(): Promise<void> {
  const app = await createServer({
    database: { url: ':memory:' },
    secretKey: BENCH_SECRET_KEY,
    logger: false,
  });
  try {
    const db = app.castellan.database.db;
    for (let i = 0; i < 40; i++) {
      const s = seedUserAt(i, 1000, '', null);
      const res = await app.inject({
        method: 'POST',
        url: '/v1/users',
        headers: { authorization: `Bearer ${BENCH_SECRET_KEY}` },
        payload: createInput(s),
      });
      if (res.statusCode !== 200) throw new Error(`POST /v1/users: ${res.statusCode} ${res.body}`);
      const id = (res.json() as { id: string }).id;
      const user = await db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      deepStrictEqual(stable(user, false), stable(s.user, false), `users row of seed user ${i}`);
      deepStrictEqual(snapshots(user), snapshots(s.user), `snapshots of seed user ${i}`);
      const emails = await db
        .selectFrom('email_addresses')
        .selectAll()
        .where('user_id', '=', id)
        .execute();
      deepStrictEqual(
        emails.map((e) => stable(e, true)),
        [stable(s.email, true)],
        `email of seed user ${i}`,
      );
      const phones = await db
        .selectFrom('phone_numbers')
        .selectAll()
        .where('user_id', '=', id)
        .execute();
      const expectedPhones = s.phone ? [stable(s.phone, true)] : [];
      deepStrictEqual(
        phones.map((p) => stable(p, true)),
        expectedPhones,
        `phone of seed user ${i}`,
      );
      const doc = await db
        .selectFrom('user_search')
        .selectAll()
        .where('user_id', '=', id)
        .executeTakeFirstOrThrow();
      const expectedDoc = {
        ...s.search,
        other: s.search.other.replace(s.user.id.toLowerCase(), id.toLowerCase()),
      };
      deepStrictEqual(
        { ...doc, user_id: undefined, instance_id: undefined },
        { ...expectedDoc, user_id: undefined, instance_id: undefined },
        `search document of seed user ${i}`,
      );
      const publicData = await db
        .selectFrom('user_public_data')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      deepStrictEqual(
        {
          ...publicData,
          id: undefined,
          instance_id: undefined,
          banned: Boolean(publicData.banned),
        },
        { ...s.publicData, id: undefined, instance_id: undefined },
        `public data of seed user ${i}`,
      );
    }
  } finally {
    await app.close();
  }
}
