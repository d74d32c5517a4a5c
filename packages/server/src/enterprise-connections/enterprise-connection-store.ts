import {
  sql,
  type Insertable,
  type Kysely,
  type Selectable,
  type SelectQueryBuilder,
  type Updateable,
} from 'kysely';
import type { DialectAdapter } from '../db/dialect.js';
import type {
  Db,
  EnterpriseConnectionsTable,
  EnterpriseConnectionTestRunsTable,
} from '../db/schema.js';
import { escapeLike, unindexedRef } from '../db/values.js';
import type { Ordering, Page } from '../lists/list-params.js';
import { countRows, readRowsPage } from '../lists/page-query.js';

export type ConnectionRow = Selectable<EnterpriseConnectionsTable>;
export type TestRunRow = Selectable<EnterpriseConnectionTestRunsTable>;

/** `order_by` fields of the SAML list and the indexed column each sorts by. */
export const CONNECTION_ORDER_COLUMNS = {
  created_at: 'enterprise_connections.created_at',
} as const;

/** Which of an instance's connections a list shows. */
export interface ConnectionFilter {
  /** SAML connections only (the SAML API). */
  samlOnly?: boolean;
  /** Case-insensitive substring of the name. */
  nameQuery?: string | undefined;
  includeOrganizations?: readonly string[];
  excludeOrganizations?: readonly string[];
  active?: boolean | undefined;
}

/** How a connection is named: its `ent_…` ID, or its `samlc_…` ID through the SAML API. */
export type ConnectionKey = { id: string } | { samlConnectionId: string };

export async function insertConnection(
  db: Kysely<Db>,
  row: Insertable<EnterpriseConnectionsTable>,
): Promise<void> {
  await db.insertInto('enterprise_connections').values(row).execute();
}

function byKey<O>(
  query: SelectQueryBuilder<Db, 'enterprise_connections', O>,
  instanceId: string,
  key: ConnectionKey,
) {
  const q = query.where(unindexedRef('instance_id'), '=', instanceId);
  return 'id' in key
    ? q.where('id', '=', key.id)
    : q.where('saml_connection_id', '=', key.samlConnectionId);
}

export async function findConnection(
  db: Kysely<Db>,
  instanceId: string,
  key: ConnectionKey,
): Promise<ConnectionRow | undefined> {
  return byKey(
    db.selectFrom('enterprise_connections').selectAll(),
    instanceId,
    key,
  ).executeTakeFirst();
}

/** Reads and locks the connection a write changes. */
export async function lockConnection(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  key: ConnectionKey,
): Promise<ConnectionRow | undefined> {
  const query = byKey(db.selectFrom('enterprise_connections').selectAll(), instanceId, key);
  return dialect.lockForUpdate(query).executeTakeFirst();
}

/** A SAML connection by its ID alone: the public SP metadata route has no instance. */
export async function findSamlConnectionAnywhere(
  db: Kysely<Db>,
  samlConnectionId: string,
): Promise<ConnectionRow | undefined> {
  return db
    .selectFrom('enterprise_connections')
    .selectAll()
    .where('saml_connection_id', '=', samlConnectionId)
    .executeTakeFirst();
}

export async function updateConnectionRow(
  db: Kysely<Db>,
  instanceId: string,
  id: string,
  changes: Updateable<EnterpriseConnectionsTable>,
): Promise<void> {
  await db
    .updateTable('enterprise_connections')
    .set(changes)
    .where(unindexedRef('instance_id'), '=', instanceId)
    .where('id', '=', id)
    .execute();
}

/** Deletes a connection; its domains and test runs go with it (foreign keys cascade). */
export async function deleteConnectionRow(
  db: Kysely<Db>,
  instanceId: string,
  id: string,
): Promise<void> {
  await db.deleteFrom('enterprise_connection_domains').where('connection_id', '=', id).execute();
  await db
    .deleteFrom('enterprise_connections')
    .where(unindexedRef('instance_id'), '=', instanceId)
    .where('id', '=', id)
    .execute();
}

/** Replaces a connection's domain rows (the unique index checks the active ones). */
export async function replaceConnectionDomains(
  db: Kysely<Db>,
  instanceId: string,
  connectionId: string,
  domains: readonly string[],
  active: boolean,
): Promise<void> {
  await db
    .deleteFrom('enterprise_connection_domains')
    .where('connection_id', '=', connectionId)
    .execute();
  if (domains.length === 0) return;
  await db
    .insertInto('enterprise_connection_domains')
    .values(
      domains.map((domain) => ({
        instance_id: instanceId,
        connection_id: connectionId,
        domain,
        active,
      })),
    )
    .execute();
}

/** The first of `domains` that an active connection other than `exceptId` has. */
export async function findActiveDomainOwner(
  db: Kysely<Db>,
  instanceId: string,
  domains: readonly string[],
  exceptId: string | null,
): Promise<{ domain: string; connection_id: string } | undefined> {
  if (domains.length === 0) return undefined;
  let query = db
    .selectFrom('enterprise_connection_domains')
    .select(['domain', 'connection_id'])
    .where('instance_id', '=', instanceId)
    .where('domain', 'in', [...domains])
    .where(sql<boolean>`active`);
  if (exceptId !== null) query = query.where('connection_id', '<>', exceptId);
  return query.orderBy('domain').executeTakeFirst();
}

type ConnectionQuery<O> = SelectQueryBuilder<Db, 'enterprise_connections', O>;

function filtered<O>(
  query: ConnectionQuery<O>,
  instanceId: string,
  filter: ConnectionFilter,
): ConnectionQuery<O> {
  let q = query.where('enterprise_connections.instance_id', '=', instanceId);
  if (filter.samlOnly) q = q.where('saml_connection_id', 'is not', null);
  if (filter.nameQuery !== undefined) {
    const like = `%${escapeLike(filter.nameQuery.toLowerCase())}%`;
    q = q.where(sql<boolean>`enterprise_connections.name_lower like ${like} escape '\\'`);
  }
  if (filter.includeOrganizations && filter.includeOrganizations.length > 0) {
    q = q.where('organization_id', 'in', [...filter.includeOrganizations]);
  }
  if (filter.excludeOrganizations && filter.excludeOrganizations.length > 0) {
    const excluded = [...filter.excludeOrganizations];
    q = q.where((eb) =>
      eb.or([eb('organization_id', 'is', null), eb('organization_id', 'not in', excluded)]),
    );
  }
  if (filter.active !== undefined) q = q.where('active', '=', filter.active);
  return q;
}

/** One page of connections: IDs from the ordering index, then the rows by key. */
export async function listConnectionRows(
  db: Kysely<Db>,
  instanceId: string,
  filter: ConnectionFilter,
  ordering: Ordering,
  page: Page,
): Promise<ConnectionRow[]> {
  const ids = filtered(
    db.selectFrom('enterprise_connections').select('enterprise_connections.id'),
    instanceId,
    filter,
  );
  return readRowsPage(db, 'enterprise_connections', instanceId, ids, ordering, page);
}

export async function countConnectionRows(
  db: Kysely<Db>,
  instanceId: string,
  filter: ConnectionFilter,
): Promise<number> {
  return countRows(filtered(db.selectFrom('enterprise_connections'), instanceId, filter));
}

export async function insertTestRun(
  db: Kysely<Db>,
  row: Insertable<EnterpriseConnectionTestRunsTable>,
): Promise<void> {
  await db.insertInto('enterprise_connection_test_runs').values(row).execute();
}

/** A connection's test runs, newest first; `statuses` empty means any. */
export async function listTestRunRows(
  db: Kysely<Db>,
  connectionId: string,
  statuses: readonly string[],
  page: Page,
): Promise<{ rows: TestRunRow[]; total: number }> {
  let base = db
    .selectFrom('enterprise_connection_test_runs')
    .where('connection_id', '=', connectionId);
  if (statuses.length > 0) base = base.where('status', 'in', [...statuses]);
  const [rows, count] = await Promise.all([
    base
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number | string>().as('count')).executeTakeFirst(),
  ]);
  return { rows, total: Number(count?.count ?? 0) };
}
