import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DialectAdapter } from '../db/dialect.js';
import type { Db } from '../db/schema.js';
import type { SearchColumn } from '../db/search-index.js';
import { escapeLike } from '../db/values.js';

/**
 * Search terms shorter than this (in characters) match the START of a first or last name, an
 * email address, a username or a phone number, each answered by a range of an index; longer
 * terms match anywhere in the search document through the trigram index. A one- or
 * two-character substring would match most users and no trigram index can answer it.
 */
export const PREFIX_TERM_LENGTH = 3;

export function isPrefixTerm(term: string): boolean {
  return [...term].length < PREFIX_TERM_LENGTH;
}

/** Every upper/lower-case spelling of `term` (at most 4 for two characters). */
function caseVariants(term: string): string[] {
  let variants = [''];
  for (const char of term) {
    const spellings = new Set(
      [char, char.toLowerCase(), char.toUpperCase()].filter((c) => [...c].length === 1),
    );
    variants = variants.flatMap((prefix) => [...spellings].map((c) => prefix + c));
  }
  return [...new Set(variants)];
}

/** The first string after every string starting with `prefix`, in code point order. */
function prefixEnd(prefix: string): string {
  const chars = [...prefix];
  const last = chars.pop()!.codePointAt(0)!;
  // Skip the UTF-16 surrogates, which are no characters of their own.
  const next = last + 1 === 0xd800 ? 0xe000 : last + 1;
  return chars.join('') + String.fromCodePoint(Math.min(next, 0x10ffff));
}

/**
 * `ref` starts with `prefix`: a range of the column's index (exact in code point order, as
 * SQLite compares text and as PostgreSQL does under the C collations), and `like` as the
 * exact test in any collation (case-sensitive in PostgreSQL; SQLite's range is exact).
 */
function startsWith(ref: string, prefix: string): RawBuilder<boolean> {
  const column = sql.ref(ref);
  return sql<boolean>`(${column} >= ${prefix} and ${column} < ${prefixEnd(prefix)} and ${column} like ${`${escapeLike(prefix)}%`} escape '\\')`;
}

const anyOf = (conditions: RawBuilder<boolean>[]) =>
  sql<boolean>`(${sql.join(conditions, sql` or `)})`;

/** Phone numbers are stored with their `+`: a term matches with or without it. */
function phonePrefixes(term: string): string[] {
  return term.startsWith('+') ? [term] : [term, `+${term}`];
}

type Part = 'names' | 'username' | 'emails' | 'phones';

function partsOf(column: SearchColumn): Part[] {
  switch (column) {
    case 'all':
      return ['names', 'username', 'emails', 'phones'];
    case 'names':
    case 'username':
    case 'emails':
    case 'phones':
      return [column];
    default:
      return [];
  }
}

/** The condition on the user's own columns (`users.*`) for a name or username prefix. */
function userColumnsMatch(part: 'names' | 'username', term: string): RawBuilder<boolean> {
  if (part === 'username') return startsWith('users.username_lower', term.toLowerCase());
  const variants = caseVariants(term);
  return anyOf(
    ['users.first_name', 'users.last_name'].flatMap((ref) =>
      variants.map((v) => startsWith(ref, v)),
    ),
  );
}

/**
 * The IDs of at most `limit` matches, read range by range (a user matching in several
 * ranges appears once per range, so fewer than `limit` distinct users may come back when
 * the limit is reached): `complete` says whether every match was read.
 */
export async function probePrefixMatches(
  db: Kysely<Db>,
  instanceId: string,
  column: SearchColumn,
  term: string,
  limit: number,
): Promise<{ ids: string[]; complete: boolean }> {
  const { rows } = await sql<{
    id: string;
  }>`select id from (${prefixMatchUnion(instanceId, column, term, 'union all')}) as matches limit ${limit}`.execute(
    db,
  );
  return { ids: [...new Set(rows.map((r) => r.id))], complete: rows.length < limit };
}

/**
 * The IDs (as `id`) of the instance's users `term` matches, as a union of index ranges:
 * first and last names (every case spelling), usernames, email addresses, phone numbers.
 */
export function prefixMatchUnion(
  instanceId: string,
  column: SearchColumn,
  term: string,
  combine: 'union' | 'union all' = 'union',
): RawBuilder<unknown> {
  const branches: RawBuilder<unknown>[] = [];
  for (const part of partsOf(column)) {
    if (part === 'names') {
      // One branch per range, so each is one index range scan.
      for (const ref of ['first_name', 'last_name'])
        for (const v of caseVariants(term))
          branches.push(
            sql`select id from users where instance_id = ${instanceId} and ${startsWith(`users.${ref}`, v)}`,
          );
    } else if (part === 'username') {
      branches.push(
        sql`select id from users where instance_id = ${instanceId} and ${userColumnsMatch('username', term)}`,
      );
    } else if (part === 'emails') {
      branches.push(
        sql`select user_id as id from email_addresses where instance_id = ${instanceId} and ${startsWith('email_addresses.email_lower', term.toLowerCase())}`,
      );
    } else {
      branches.push(
        sql`select user_id as id from phone_numbers where instance_id = ${instanceId} and ${anyOf(
          phonePrefixes(term).map((p) => startsWith('phone_numbers.phone_number', p)),
        )}`,
      );
    }
  }
  return branches.length
    ? sql`${sql.join(branches, sql.raw(` ${combine} `))}`
    : sql`select id from users where 1 = 0`;
}

/**
 * The condition on one row of `users` (of the instance) that `term` matches: for lists, which
 * walk an ordering index and stop after a page. Emails and phones are looked up through the
 * user's own identifications (their `user_id` index).
 */
export function prefixRowMatch(
  dialect: DialectAdapter,
  instanceId: string,
  column: SearchColumn,
  term: string,
): RawBuilder<boolean> {
  // The instance keeps PostgreSQL's hashed form of the subquery (all matches, built once)
  // on the (instance_id, …) index; SQLite must not read it from there for each user.
  const ofUser = (table: string) =>
    sql`${sql.ref(`${table}.user_id`)} = users.id and ${dialect.unindexed(`${table}.instance_id`)} = ${instanceId}`;
  const conditions = partsOf(column).map((part) => {
    if (part === 'names' || part === 'username') return userColumnsMatch(part, term);
    if (part === 'emails')
      return sql<boolean>`exists (select 1 from email_addresses where ${ofUser('email_addresses')} and ${startsWith('email_addresses.email_lower', term.toLowerCase())})`;
    return sql<boolean>`exists (select 1 from phone_numbers where ${ofUser('phone_numbers')} and ${anyOf(
      phonePrefixes(term).map((p) => startsWith('phone_numbers.phone_number', p)),
    )})`;
  });
  return conditions.length ? anyOf(conditions) : sql<boolean>`1 = 0`;
}
