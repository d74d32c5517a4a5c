import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  bootstrapBenchInstance,
  progressLogger,
  rowValues,
  SEEDED_TABLES,
} from './seed-instance.js';
import { seedUserAt } from './seed-rows.js';
import {
  organizationCountFor,
  ORGANIZATIONS_ENABLED_SETTINGS,
  seedMembershipAt,
  seedOrganizationAt,
  seedRolesSql,
  type SeedRoles,
} from './seed-organizations.js';

const BATCH = 50_000;
const SEARCH_COLUMNS = ['user_id', 'instance_id', 'emails', 'phones', 'username', 'names', 'other'];

function insertStatement(db: Database.Database, table: string, columns: string[]) {
  const placeholders = columns.map(() => '?').join(', ');
  return db.prepare(`insert into ${table} (${columns.join(', ')}) values (${placeholders})`);
}

/**
 * Seeds `n` users into a fresh SQLite file. Schema and instance come from the server's own
 * migrations and bootstrap; rows are `seedUserAt`'s. Secondary indexes are dropped for the
 * load and recreated from their stored SQL afterwards (same definitions, built by sorting
 * instead of one insert at a time). FTS5 rowids are 1..n in creation order, as the server
 * would assign them, and `users.search_rowid` points at them.
 */
export async function seedSqlite(n: number, file: string): Promise<void> {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  mkdirSync(path.dirname(file), { recursive: true });
  const instanceId = await bootstrapBenchInstance(file);
  const db = new Database(file);
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -1048576');
    db.pragma('temp_store = MEMORY');
    const tables = SEEDED_TABLES.map((t) => `'${t}'`).join(', ');
    const indexes = db
      .prepare(
        `select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in (${tables})`,
      )
      .all() as { name: string; sql: string }[];
    for (const ix of indexes) db.exec(`drop index ${ix.name}`);

    const columnsOf = (t: string) =>
      db.prepare('select name from pragma_table_info(?)').pluck().all(t) as string[];
    const userColumns = columnsOf('users');
    const emailColumns = columnsOf('email_addresses');
    const phoneColumns = columnsOf('phone_numbers');
    const insertUser = insertStatement(db, 'users', userColumns);
    const insertEmail = insertStatement(db, 'email_addresses', emailColumns);
    const insertPhone = insertStatement(db, 'phone_numbers', phoneColumns);
    const insertSearch = insertStatement(db, 'user_search', ['rowid', ...SEARCH_COLUMNS]);
    const publicColumns = columnsOf('user_public_data');
    const insertPublic = insertStatement(db, 'user_public_data', publicColumns);
    const bool = (v: boolean) => (v ? 1 : 0);
    const roleIds = db.prepare(seedRolesSql('?')).get(instanceId, instanceId, instanceId) as {
      role_set_id: string;
      admin_role_id: string;
      member_role_id: string;
    };
    const roles: SeedRoles = {
      roleSetId: roleIds.role_set_id,
      adminRoleId: roleIds.admin_role_id,
      memberRoleId: roleIds.member_role_id,
    };
    const orgs = organizationCountFor(n);
    const orgColumns = columnsOf('organizations');
    const membershipColumns = columnsOf('organization_memberships');
    const insertOrg = insertStatement(db, 'organizations', orgColumns);
    const insertMembership = insertStatement(db, 'organization_memberships', membershipColumns);
    db.transaction(() => {
      for (let k = 0; k < orgs; k++) {
        insertOrg.run(
          rowValues(orgColumns, seedOrganizationAt(k, orgs, n, instanceId, roles), bool),
        );
      }
    })();
    db.prepare(
      'insert into instance_settings (instance_id, settings, created_at, updated_at) values (?, ?, 0, 0)',
    ).run(instanceId, ORGANIZATIONS_ENABLED_SETTINGS);

    const loadBatch = db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const s = seedUserAt(i, n, instanceId, i + 1);
        insertUser.run(rowValues(userColumns, s.user, bool));
        insertEmail.run(rowValues(emailColumns, s.email, bool));
        if (s.phone) insertPhone.run(rowValues(phoneColumns, s.phone, bool));
        const doc = { user_id: s.user.id, instance_id: instanceId, ...s.search };
        insertSearch.run([i + 1, ...rowValues(SEARCH_COLUMNS, doc, bool)]);
        insertPublic.run(rowValues(publicColumns, s.publicData, bool));
        const membership = seedMembershipAt(i, orgs, n, instanceId, roles);
        insertMembership.run(rowValues(membershipColumns, membership, bool));
      }
    });
    const progress = progressLogger('sqlite rows', n);
    let started = performance.now();
    for (let from = 0; from < n; from += BATCH) {
      loadBatch(from, Math.min(n, from + BATCH));
      progress(Math.min(n, from + BATCH));
    }
    const loadSeconds = (performance.now() - started) / 1000;

    started = performance.now();
    for (const ix of indexes) db.exec(ix.sql);
    db.prepare('update user_counts set count = ? where instance_id = ?').run(n, instanceId);
    db.prepare(
      'update organization_counts set count = (select count(*) from organizations where instance_id = ?) where instance_id = ?',
    ).run(instanceId, instanceId);
    const violations = db.prepare('select count(*) from pragma_foreign_key_check').pluck().get();
    if (violations !== 0) throw new Error(`foreign key check failed: ${String(violations)} rows`);
    db.pragma('journal_mode = WAL');
    const indexSeconds = (performance.now() - started) / 1000;
    console.log(
      `  sqlite: loaded ${n} users in ${loadSeconds.toFixed(1)} s, ${indexes.length} indexes in ${indexSeconds.toFixed(1)} s`,
    );
  } finally {
    db.close();
  }
}

/** Row counts of a seeded SQLite file, to check a seed (or a reused one) is complete. */
export function countSqliteRows(file: string): Record<string, number> {
  const db = new Database(file, { readonly: true });
  try {
    const count = (sql: string) => Number(db.prepare(sql).pluck().get());
    return {
      users: count('select count(*) from users'),
      email_addresses: count('select count(*) from email_addresses'),
      user_search: count('select count(*) from user_search'),
      user_public_data: count('select count(*) from user_public_data'),
      user_counts: count('select coalesce(sum(count), 0) from user_counts'),
      organization_memberships: count('select count(*) from organization_memberships'),
    };
  } finally {
    db.close();
  }
}
