import pg from 'pg';
import {
  bootstrapBenchInstance,
  progressLogger,
  rowValues,
  SEEDED_TABLES,
} from './seed-instance.js';
import { seedUserAt, type SeedUser } from './seed-rows.js';
import {
  organizationCountFor,
  ORGANIZATIONS_ENABLED_SETTINGS,
  seedMembershipAt,
  seedOrganizationAt,
  seedRolesSql,
  type SeedRoles,
} from './seed-organizations.js';

const BATCH = 1000;
const WRITERS = 2;

/** `postgres://…/<name>` on the same server as `adminUrl`. */
export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withClient<T>(url: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** One multi-row INSERT for a batch (≤ 65,535 parameters: 1,000 rows × ≤ 40 columns). */
async function insertRows(c: pg.Client, table: string, columns: string[], rows: object[]) {
  if (rows.length === 0) return;
  const values = rows.map((r) => rowValues(columns, r, (v) => v));
  let p = 0;
  const tuples = values.map((v) => `(${v.map(() => `$${++p}`).join(', ')})`);
  await c.query(
    `insert into ${table} (${columns.join(', ')}) values ${tuples.join(', ')}`,
    values.flat(),
  );
}

/**
 * Seeds `n` users into a new database `name` (dropped first). Schema and instance come
 * from the server's own migrations and bootstrap; secondary indexes (B-tree and pg_trgm
 * GIN) are dropped for the load and recreated from their definitions afterwards, then
 * VACUUM ANALYZE does what autovacuum would do to a table that grew this much.
 */
export async function seedPostgres(n: number, adminUrl: string, name: string): Promise<string> {
  await withClient(adminUrl, async (c) => {
    await c.query(`drop database if exists ${name} with (force)`);
    await c.query(`create database ${name}`);
  });
  const url = databaseUrl(adminUrl, name);
  const instanceId = await bootstrapBenchInstance(url);
  const tables = SEEDED_TABLES.map((t) => `'${t}'`).join(', ');
  const { indexes, statisticsTargets } = await withClient(url, async (c) => {
    const { rows } = await c.query<{ name: string; def: string }>(
      `select indexname as name, indexdef as def from pg_indexes
       where schemaname = 'public' and tablename in (${tables})
         and indexname not in (select conname from pg_constraint)`,
    );
    // Statistics targets the migrations set on index columns, which `indexdef` leaves out.
    const targets = await c.query<{ index: string; column: number; target: number }>(
      `select c.relname as index, a.attnum as column, a.attstattarget as target
       from pg_attribute a join pg_class c on c.oid = a.attrelid
       where c.relname = any($1) and a.attstattarget > 0`,
      [rows.map((ix) => ix.name)],
    );
    for (const ix of rows) await c.query(`drop index ${ix.name}`);
    return { indexes: rows, statisticsTargets: targets.rows };
  });

  const columnsOf = (c: pg.Client, table: string) =>
    c
      .query<{ name: string }>(
        `select column_name as name from information_schema.columns
         where table_schema = 'public' and table_name = $1 order by ordinal_position`,
        [table],
      )
      .then((r) => r.rows.map((row) => row.name));
  const orgs = organizationCountFor(n);
  const roles = await withClient(url, async (c) => {
    const { rows } = await c.query<{
      role_set_id: string;
      admin_role_id: string;
      member_role_id: string;
    }>(seedRolesSql('$1'), [instanceId]);
    const r = rows[0]!;
    const seedRoles: SeedRoles = {
      roleSetId: r.role_set_id,
      adminRoleId: r.admin_role_id,
      memberRoleId: r.member_role_id,
    };
    const orgColumns = await columnsOf(c, 'organizations');
    for (let from = 0; from < orgs; from += BATCH) {
      const batch = [];
      for (let k = from; k < Math.min(orgs, from + BATCH); k++)
        batch.push(seedOrganizationAt(k, orgs, n, instanceId, seedRoles));
      await insertRows(c, 'organizations', orgColumns, batch);
    }
    await c.query(
      'insert into instance_settings (instance_id, settings, created_at, updated_at) values ($1, $2, 0, 0)',
      [instanceId, ORGANIZATIONS_ENABLED_SETTINGS],
    );
    return seedRoles;
  });
  const progress = progressLogger('postgres rows', n);
  let next = 0;
  let done = 0;
  let started = performance.now();
  const writer = (c: pg.Client) => async () => {
    await c.query('set synchronous_commit = off');
    const users = await columnsOf(c, 'users');
    const emails = await columnsOf(c, 'email_addresses');
    const phones = await columnsOf(c, 'phone_numbers');
    const search = await columnsOf(c, 'user_search');
    const publicData = await columnsOf(c, 'user_public_data');
    const memberships = await columnsOf(c, 'organization_memberships');
    while (next < n) {
      const from = next;
      const to = Math.min(n, from + BATCH);
      next = to;
      const batch: SeedUser[] = [];
      for (let i = from; i < to; i++) batch.push(seedUserAt(i, n, instanceId, null));
      await insertRows(
        c,
        'users',
        users,
        batch.map((s) => s.user),
      );
      await insertRows(
        c,
        'email_addresses',
        emails,
        batch.map((s) => s.email),
      );
      await insertRows(
        c,
        'phone_numbers',
        phones,
        batch.flatMap((s) => (s.phone ? [s.phone] : [])),
      );
      const docs = batch.map((s) => ({ user_id: s.user.id, instance_id: instanceId, ...s.search }));
      await insertRows(c, 'user_search', search, docs);
      await insertRows(
        c,
        'user_public_data',
        publicData,
        batch.map((s) => s.publicData),
      );
      const members = [];
      for (let i = from; i < to; i++) members.push(seedMembershipAt(i, orgs, n, instanceId, roles));
      await insertRows(c, 'organization_memberships', memberships, members);
      done += to - from;
      progress(done);
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, () => withClient(url, (c) => writer(c)())));
  const loadSeconds = (performance.now() - started) / 1000;

  started = performance.now();
  // Two connections build the indexes in parallel (one per core); GIN builds go first.
  const queue = [...indexes].sort(
    (a, b) => Number(b.def.includes('gin')) - Number(a.def.includes('gin')),
  );
  await Promise.all(
    Array.from({ length: WRITERS }, () =>
      withClient(url, async (c) => {
        await c.query(`set maintenance_work_mem = '1GB'`);
        for (let ix = queue.shift(); ix; ix = queue.shift()) await c.query(ix.def);
      }),
    ),
  );
  await withClient(url, async (c) => {
    await c.query('update user_counts set count = $1 where instance_id = $2', [n, instanceId]);
    await c.query(
      'update organization_counts set count = (select count(*) from organizations where instance_id = $1) where instance_id = $1',
      [instanceId],
    );
    for (const { index, column, target } of statisticsTargets) {
      await c.query(
        `alter index ${index} alter column ${Number(column)} set statistics ${Number(target)}`,
      );
    }
    await c.query('vacuum analyze');
  });
  const indexSeconds = (performance.now() - started) / 1000;
  console.log(
    `  postgres: loaded ${n} users in ${loadSeconds.toFixed(1)} s, ${indexes.length} indexes + vacuum analyze in ${indexSeconds.toFixed(1)} s`,
  );
  return url;
}

/** Row counts of a seeded database, to check a seed (or a reused one) is complete. */
export async function countPostgresRows(url: string): Promise<Record<string, number>> {
  return withClient(url, async (c) => {
    const count = async (sql: string) => Number((await c.query<{ n: string }>(sql)).rows[0]?.n);
    return {
      users: await count('select count(*) as n from users'),
      email_addresses: await count('select count(*) as n from email_addresses'),
      user_search: await count('select count(*) as n from user_search'),
      user_public_data: await count('select count(*) as n from user_public_data'),
      user_counts: await count('select coalesce(sum(count), 0) as n from user_counts'),
      organization_memberships: await count('select count(*) as n from organization_memberships'),
    };
  });
}

/** True when the database exists (for `--reuse`). */
export async function postgresDatabaseExists(adminUrl: string, name: string): Promise<boolean> {
  return withClient(adminUrl, async (c) => {
    const { rowCount } = await c.query('select 1 from pg_database where datname = $1', [name]);
    return (rowCount ?? 0) > 0;
  });
}
