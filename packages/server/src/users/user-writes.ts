import type { Kysely } from 'kysely';
import { paramError } from '../errors/clerk-api-error.js';
import type { Db } from '../db/schema.js';
import { insertOutboxEvent } from '../outbox/outbox-store.js';
import type { UserScope } from './user-context.js';
import { userRowToUser, type User } from './user-mapper.js';
import type { SearchDocument, UserRowWithIdentifications } from './user-rows.js';
import { findUserById, upsertSearchDocument } from './user-store.js';
import { ClerkApiError } from '../errors/clerk-api-error.js';
import { translateUniqueViolation } from './unique-violation.js';

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Parses an RFC 3339 timestamp parameter to Unix milliseconds. */
export function parseTimestampParam(value: string, param: string): number {
  const ms = RFC3339.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) {
    throw paramError(
      'form_param_format_invalid',
      param,
      `${param} must be an RFC 3339 timestamp, e.g. 2012-10-20T07:15:20.902Z.`,
    );
  }
  return ms;
}

export function searchDocumentOf(row: UserRowWithIdentifications): SearchDocument {
  const user = userRowToUser(row);
  const lower = (parts: (string | null | undefined)[]) =>
    parts.filter(Boolean).join(' ').toLowerCase();
  return {
    emails: lower(user.email_addresses.map((e) => e.email_address)),
    phones: lower(user.phone_numbers.map((p) => p.phone_number)),
    username: lower([user.username]),
    names: lower([user.first_name, user.last_name]),
    other: lower([user.id, ...user.web3_wallets.map((w) => w.web3_wallet)]),
  };
}

export function userNotFound(userId: string): ClerkApiError {
  return ClerkApiError.of('resource_not_found', {
    message: 'not found',
    longMessage: `No user was found with id ${userId}`,
  });
}

/** Reads the user inside the transaction; a missing user is a 404. */
export async function getUserRow(db: Kysely<Db>, scope: UserScope, userId: string) {
  const row = await findUserById(db, scope.instanceId, userId);
  if (!row) throw userNotFound(userId);
  return row;
}

/**
 * Runs a user write in one transaction and records its event there: reads the user back,
 * refreshes the search document when asked, and writes `eventType` with the user as data.
 */
export async function writeUser(
  scope: UserScope,
  eventType: 'user.created' | 'user.updated',
  refreshSearch: boolean,
  work: (trx: Kysely<Db>) => Promise<string>,
): Promise<User> {
  try {
    return await scope.db.transaction().execute(async (trx) => {
      const userId = await work(trx);
      const row = await getUserRow(trx, scope, userId);
      if (refreshSearch) {
        await upsertSearchDocument(
          trx,
          scope.dialect,
          scope.instanceId,
          userId,
          searchDocumentOf(row),
          row.search_rowid,
        );
      }
      const user = userRowToUser(row);
      await insertOutboxEvent(
        trx,
        scope.instanceId,
        { type: eventType, data: user },
        scope.request,
      );
      return user;
    });
  } catch (error) {
    throw translateUniqueViolation(error);
  }
}
