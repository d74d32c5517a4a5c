import { type RawBuilder, sql } from 'kysely';
import type { DialectAdapter } from './dialect.js';

/**
 * The domain of an email column (what follows its first `@`), written exactly as the
 * expression index `email_addresses_domain` (migration 2026-12-07T12) has it, so that
 * `instance_id = ? AND <this> = ?` is answered from the index in both dialects (a planner
 * matches an indexed expression only when the query writes the same one). `column` is an
 * unqualified column name of the table queried.
 */
export function emailDomainOf(dialect: DialectAdapter, column: 'email_lower'): RawBuilder<string> {
  return dialect.name === 'postgres'
    ? sql.raw(`substr(${column}, strpos(${column}, '@') + 1)`)
    : sql.raw(`substr(${column}, instr(${column}, '@') + 1)`);
}
