import type { RequestQuery } from '@castellan/contract';
import { pageOf, parseOrderBy } from '../lists/list-params.js';
import { paginated } from '../lists/list-responses.js';
import type { Scope } from '../platform/scope.js';
import { oauthApplicationToApi, type OAuthApplication } from './oauth-application-mapper.js';
import {
  countOAuthApplicationRows,
  listOAuthApplicationRows,
  OAUTH_APPLICATION_ORDER_COLUMNS,
} from './oauth-application-store.js';

/**
 * `GET /v1/oauth_applications`: `order_by` `created_at` or `name` (case-insensitive), `+`
 * by default as the parameter's default says (oldest first), ties broken by ID in the same
 * direction; `name_query` (trimmed) matches a substring of the name in any case, or the
 * exact client ID. `{ data, total_count }`, the total counting every match.
 */
export async function listOAuthApplications(
  scope: Scope,
  query: RequestQuery<'ListOAuthApplications'>,
): Promise<{ data: OAuthApplication[]; total_count: number }> {
  const ordering = parseOrderBy(query.order_by, OAUTH_APPLICATION_ORDER_COLUMNS, '+created_at');
  const nameQuery = query.name_query?.trim() || undefined;
  const [rows, total] = await Promise.all([
    listOAuthApplicationRows(scope.db, scope.instanceId, nameQuery, ordering, pageOf(query)),
    countOAuthApplicationRows(scope.db, scope.instanceId, nameQuery),
  ]);
  return paginated(
    rows.map((row) => oauthApplicationToApi(scope.baseUrl, row)),
    total,
  );
}
