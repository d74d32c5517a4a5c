import type { RequestOptions } from './core/options.js';

/**
 * One page of a list, in either shape the API answers: a bare array (`GetUserList`), or an
 * envelope of one array and `total_count`: `{ data, total_count }` (`ListOrganizations`, and
 * the array lists asked with `paginated`), `{ m2m_tokens, total_count }` (`getM2MTokens`).
 */
type Page = readonly unknown[] | { readonly total_count: number };

/** What a list method of a group looks like: it pages by `limit` and `offset`. */
type ListMethod = (
  request: { limit?: number; offset?: number },
  options?: RequestOptions,
) => Promise<Page>;

type RequestOf<F> = F extends (request: infer Q, options?: RequestOptions) => Promise<unknown>
  ? NonNullable<Q>
  : never;

type ItemOf<F> = F extends (...args: never[]) => Promise<infer P>
  ? P extends readonly (infer T)[]
    ? T
    : { [K in keyof P]: P[K] extends readonly (infer T)[] ? T : never }[keyof P]
  : never;

type Items<G, K extends keyof G> = AsyncGenerator<ItemOf<G[K]>, void, undefined>;

/** The names of a group's methods that list by `limit` and `offset`. */
export type ListMethodName<G> = {
  [K in keyof G]-?: G[K] extends (request: infer Q, options?: RequestOptions) => Promise<infer P>
    ? 'limit' | 'offset' extends keyof NonNullable<Q>
      ? P extends Page
        ? K
        : never
      : never
    : never;
}[keyof G];

/** Page size when the request sets no `limit`: the most every list of the spec allows. */
export const DEFAULT_PAGE_SIZE = 100;

// `K extends keyof G` rather than `K extends ListMethodName<G>`: against a constraint that is
// still a deferred conditional type, TypeScript widens the literal `'getUserList'` and falls
// back to every list method of the group, mixing their item types.
/**
 * Every item of a list, fetching page after page as the loop asks for them:
 *
 * ```ts
 * for await (const user of paginate(sdk.users, 'getUserList', { limit: 200 })) { … }
 * ```
 *
 * The request's `limit` is the page size (default {@link DEFAULT_PAGE_SIZE}) and its
 * `offset` where the first page starts; `options` go with every page's request. Iteration
 * stops on a page shorter than `limit`, or once `total_count` items have been seen when the
 * answer carries it. Breaking out of the loop fetches no further page.
 */
export function paginate<G, K extends keyof G>(
  group: G,
  method: K & ListMethodName<G>,
  request?: RequestOf<G[K]>,
  options?: RequestOptions,
): Items<G, K> {
  const list = group[method] as ListMethod;
  return pages(list.bind(group), request ?? {}, options) as Items<G, K>;
}

async function* pages(
  list: ListMethod,
  request: { limit?: number; offset?: number },
  options: RequestOptions | undefined,
): AsyncGenerator<unknown, void, undefined> {
  const limit = request.limit ?? DEFAULT_PAGE_SIZE;
  let offset = request.offset ?? 0;
  for (;;) {
    const { items, total } = contentsOf(await list({ ...request, limit, offset }, options));
    yield* items;
    offset += items.length;
    // An empty page ends the list too, whatever `limit` was.
    if (items.length === 0 || items.length < limit || (total !== undefined && offset >= total)) {
      return;
    }
  }
}

function contentsOf(page: Page): { items: readonly unknown[]; total?: number } {
  if (isArrayPage(page)) return { items: page };
  const items = Object.values(page).find(Array.isArray) as readonly unknown[] | undefined;
  return { items: items ?? [], total: page.total_count };
}

// `Array.isArray` does not narrow a union holding a readonly array.
function isArrayPage(page: Page): page is readonly unknown[] {
  return Array.isArray(page);
}
