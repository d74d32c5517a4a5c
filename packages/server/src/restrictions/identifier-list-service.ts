import type { RequestBody, RequestQuery, ResponseBody } from '@castellan/contract';
import { apiErrors } from '../errors/api-errors.js';
import { generateId } from '../ids/generate-id.js';
import {
  inviteAllowlistedEmail,
  revokeAllowlistInvitation,
} from '../invitations/invitation-service.js';
import { deliverMessages } from '../messages/message-service.js';
import { pageOf, type Ordering } from '../lists/list-params.js';
import { arrayOrPaginated, paginated } from '../lists/list-responses.js';
import { readPage } from '../lists/page-query.js';
import type { Scope } from '../platform/scope.js';
import { runWrite, type WriteTx } from '../platform/write.js';
import { parseRestrictionIdentifier } from './restriction-identifier.js';
import './restriction-unique-indexes.js';
import {
  countListIdentifiers,
  deleteListIdentifier,
  findAllowlistRows,
  findListIdentifierByKey,
  insertAllowlistIdentifier,
  insertBlocklistIdentifier,
  listBlocklistRows,
  listIdentifierIds,
  type AllowlistRow,
  type BlocklistRow,
  type ListTable,
} from './restriction-store.js';

export type AllowlistIdentifier = ResponseBody<'CreateAllowlistIdentifier', '200'>;
export type BlocklistIdentifier = ResponseBody<'CreateBlocklistIdentifier', '200'>;

function blocklistRowToApi(row: BlocklistRow): BlocklistIdentifier {
  return {
    object: 'blocklist_identifier',
    id: row.id,
    identifier: row.identifier,
    identifier_type: row.identifier_type,
    instance_id: row.instance_id,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

function allowlistRowToApi(row: AllowlistRow): AllowlistIdentifier {
  return {
    ...blocklistRowToApi(row),
    object: 'allowlist_identifier',
    ...(row.invitation_id ? { invitation_id: row.invitation_id } : {}),
  };
}

/** Both lists newest first, as Clerk answers them. */
const NEWEST_FIRST: Ordering = {
  field: 'created_at',
  column: 'allowlist_identifiers.created_at',
  direction: 'desc',
};

/**
 * `GET /v1/allowlist_identifiers`: a bare array by default, as the spec says;
 * `paginated=true` (which @clerk/backend always sends) answers `{ data, total_count }`.
 */
export async function listAllowlistIdentifiers(
  scope: Scope,
  query: RequestQuery<'ListAllowlistIdentifiers'>,
) {
  const table = 'allowlist_identifiers';
  const rows = await readPage(
    listIdentifierIds(scope.db, table, scope.instanceId),
    `${table}.id`,
    NEWEST_FIRST,
    pageOf(query),
    (ids) => findAllowlistRows(scope.db, scope.instanceId, ids),
  );
  const data = rows.map(allowlistRowToApi);
  return arrayOrPaginated(query, data, () =>
    countListIdentifiers(scope.db, table, scope.instanceId),
  );
}

/** `GET /v1/blocklist_identifiers`: the whole list (the spec gives it no paging parameters). */
export async function listBlocklistIdentifiers(scope: Scope) {
  const rows = await listBlocklistRows(scope.db, scope.instanceId);
  return paginated(rows.map(blocklistRowToApi), rows.length);
}

async function assertNotListed(
  scope: Scope,
  table: ListTable,
  key: string,
  identifier: string,
): Promise<void> {
  if (!(await findListIdentifierByKey(scope.db, table, scope.instanceId, key))) return;
  throw table === 'allowlist_identifiers'
    ? apiErrors.allowlistIdentifierExists(identifier)
    : apiErrors.blocklistIdentifierExists(identifier);
}

/** The columns an allow-list and a block-list entry share, for a new entry. */
function listedColumns(
  parsed: ReturnType<typeof parseRestrictionIdentifier>,
  prefix: 'alid' | 'blid',
  tx: WriteTx,
) {
  return {
    id: generateId(prefix, tx.now),
    instance_id: tx.instanceId,
    identifier: parsed.identifier,
    identifier_key: parsed.key,
    identifier_type: parsed.type,
    created_at: tx.now,
    updated_at: tx.now,
  };
}

/**
 * `POST /v1/allowlist_identifiers`. With `notify`, an email address is sent an invitation
 * in the same write (its ID in `invitation_id`; see `inviteAllowlistedEmail`), delivered
 * once the write commits; an email domain or a web3 wallet, which no invitation reaches, is
 * refused with it. A phone number's `notify` is stored (Clerk texts the sign-up page's
 * address, which Castellan does not know).
 */
export async function createAllowlistIdentifier(
  scope: Scope,
  input: RequestBody<'CreateAllowlistIdentifier'>,
): Promise<AllowlistIdentifier> {
  const parsed = parseRestrictionIdentifier(input.identifier);
  const notify = input.notify === true;
  if (notify && parsed.type === 'web3_wallet') {
    throw apiErrors.allowlistNotifyNotAllowed('a web3 wallet');
  }
  if (notify && parsed.identifier.startsWith('*@')) {
    throw apiErrors.allowlistNotifyNotAllowed('an email domain');
  }
  await assertNotListed(scope, 'allowlist_identifiers', parsed.key, parsed.identifier);
  const { entry, message } = await runWrite(scope, async (tx) => {
    const invitation =
      notify && parsed.type === 'email_address'
        ? await inviteAllowlistedEmail(tx, scope, {
            address: parsed.identifier,
            lower: parsed.key,
          })
        : undefined;
    const row: AllowlistRow = {
      ...listedColumns(parsed, 'alid', tx),
      notify,
      invitation_id: invitation?.invitationId ?? null,
    };
    await insertAllowlistIdentifier(tx.db, row);
    return { entry: allowlistRowToApi(row), message: invitation?.message };
  });
  if (message) await deliverMessages(scope, [message]);
  return entry;
}

/** `POST /v1/blocklist_identifiers`. */
export async function createBlocklistIdentifier(
  scope: Scope,
  input: RequestBody<'CreateBlocklistIdentifier'>,
): Promise<BlocklistIdentifier> {
  const parsed = parseRestrictionIdentifier(input.identifier);
  await assertNotListed(scope, 'blocklist_identifiers', parsed.key, parsed.identifier);
  return runWrite(scope, async (tx) => {
    const row: BlocklistRow = listedColumns(parsed, 'blid', tx);
    await insertBlocklistIdentifier(tx.db, row);
    return blocklistRowToApi(row);
  });
}

const OBJECT_OF = {
  allowlist_identifiers: 'allowlist_identifier',
  blocklist_identifiers: 'blocklist_identifier',
} as const;

/**
 * `DELETE /v1/allowlist_identifiers/{id}` and `DELETE /v1/blocklist_identifiers/{id}`. An
 * allow-list entry's pending invitation (`notify`) is revoked with it, as Clerk does.
 */
export async function deleteListIdentifierById(scope: Scope, table: ListTable, id: string) {
  await runWrite(scope, async (tx) => {
    const invitationId =
      table === 'allowlist_identifiers'
        ? (await findAllowlistRows(tx.db, tx.instanceId, [id]))[0]?.invitation_id
        : undefined;
    if (!(await deleteListIdentifier(tx.db, table, tx.instanceId, id))) {
      throw apiErrors.notFound('identifier', id);
    }
    if (invitationId) await revokeAllowlistInvitation(tx, invitationId);
  });
  return { object: OBJECT_OF[table], id, deleted: true as const };
}
