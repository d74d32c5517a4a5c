import type { Kysely } from 'kysely';
import type { RequestBody, RequestQuery, ResponseBody } from '@castellan/contract';
import type { Db } from '../db/schema.js';
import { apiErrors } from '../errors/api-errors.js';
import { generateId } from '../ids/generate-id.js';
import { pageOf, type Ordering } from '../lists/list-params.js';
import { arrayOrPaginated } from '../lists/list-responses.js';
import { readPage } from '../lists/page-query.js';
import type { Scope } from '../platform/scope.js';
import { registerUniqueIndexes } from '../platform/unique-violations.js';
import { runWrite } from '../platform/write.js';
import {
  countRedirectUrls,
  deleteRedirectUrlRow,
  findRedirectUrlById,
  findRedirectUrlIdByKey,
  findRedirectUrlRows,
  insertRedirectUrl,
  redirectUrlIds,
  type RedirectUrlRow,
} from './redirect-url-store.js';
import { parseRedirectUrl, redirectUrlKeyOf } from './redirect-url-value.js';

export type RedirectUrl = ResponseBody<'CreateRedirectURL', '200'>;

// The service looks first; this answers a concurrent request that added the same URL.
registerUniqueIndexes([
  {
    name: 'redirect_urls_url_key',
    table: 'redirect_urls',
    columns: ['instance_id', 'url_key'],
    error: () => apiErrors.redirectUrlExists('sent'),
  },
]);

function redirectUrlRowToApi(row: RedirectUrlRow): RedirectUrl {
  return {
    object: 'redirect_url',
    id: row.id,
    url: row.url,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

const NEWEST_FIRST: Ordering = {
  field: 'created_at',
  column: 'redirect_urls.created_at',
  direction: 'desc',
};

/** `GET /v1/redirect_urls`: newest first; `paginated=true` answers `{ data, total_count }`. */
export async function listRedirectUrls(scope: Scope, query: RequestQuery<'ListRedirectURLs'>) {
  const rows = await readPage(
    redirectUrlIds(scope.db, scope.instanceId),
    'redirect_urls.id',
    NEWEST_FIRST,
    pageOf(query),
    (ids) => findRedirectUrlRows(scope.db, scope.instanceId, ids),
  );
  const data = rows.map(redirectUrlRowToApi);
  return arrayOrPaginated(query, data, () => countRedirectUrls(scope.db, scope.instanceId));
}

/** `POST /v1/redirect_urls`. The same URL twice (query and fragment aside) is a duplicate. */
export async function createRedirectUrl(
  scope: Scope,
  input: RequestBody<'CreateRedirectURL'>,
): Promise<RedirectUrl> {
  const value = parseRedirectUrl(input.url, scope.instance.environment);
  return runWrite(scope, async (tx) => {
    if (await findRedirectUrlIdByKey(tx.db, tx.instanceId, value.key)) {
      throw apiErrors.redirectUrlExists(value.url);
    }
    const row: RedirectUrlRow = {
      id: generateId('ru', tx.now),
      instance_id: tx.instanceId,
      url: value.url,
      url_key: value.key,
      created_at: tx.now,
      updated_at: tx.now,
    };
    await insertRedirectUrl(tx.db, row);
    return redirectUrlRowToApi(row);
  });
}

export async function getRedirectUrl(scope: Scope, id: string): Promise<RedirectUrl> {
  const row = await findRedirectUrlById(scope.db, scope.instanceId, id);
  if (!row) throw apiErrors.notFound('redirect_url', id);
  return redirectUrlRowToApi(row);
}

/** `DELETE /v1/redirect_urls/{id}`: Clerk's deleted object. */
export async function deleteRedirectUrl(scope: Scope, id: string) {
  await runWrite(scope, async (tx) => {
    if (!(await deleteRedirectUrlRow(tx.db, tx.instanceId, id))) {
      throw apiErrors.notFound('redirect_url', id);
    }
  });
  return { object: 'redirect_url', id, deleted: true as const };
}

/**
 * Whether the instance allows redirecting to `url` (OAuth callbacks, native apps, the
 * Frontend API's `redirect_url` parameters): its scheme, host and path are those of a
 * redirect URL on the list; query and fragment are the app's own.
 */
export async function isAllowedRedirectUrl(
  db: Kysely<Db>,
  instanceId: string,
  url: string,
): Promise<boolean> {
  const key = redirectUrlKeyOf(url);
  return key !== undefined && (await findRedirectUrlIdByKey(db, instanceId, key)) !== undefined;
}
