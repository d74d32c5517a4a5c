import { svixErrors } from './svix-api-errors.js';

/** Svix's list answer: `iterator` starts the next page, `prevIterator` the previous one. */
export interface ListResponse<T> {
  data: T[];
  iterator: string | null;
  prevIterator: string | null;
  done: boolean;
}

export type ListQuery = Record<string, string | undefined>;

export interface Page {
  limit: number;
  /** The cursor: the page starts after this item, in `order`. */
  after: string | undefined;
  order: 'ascending' | 'descending';
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 250;
/** IDs, or event type names (`user.created`) for the event-type list. */
const ITERATOR = /^[A-Za-z0-9_.:-]{1,128}$/;

/**
 * `limit` (1–250, default 50), `iterator` (the last ID of the previous page) and `order`
 * (`descending`, newest first, by default), as Svix takes them.
 */
export function pageOf(query: ListQuery): Page {
  const limit = query.limit === undefined ? DEFAULT_LIMIT : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw svixErrors.field('query', 'limit', `must be an integer from 1 to ${MAX_LIMIT}`);
  }
  const order = query.order ?? 'descending';
  if (order !== 'ascending' && order !== 'descending') {
    throw svixErrors.field('query', 'order', 'must be ascending or descending');
  }
  const after = query.iterator === '' ? undefined : query.iterator;
  if (after !== undefined && !ITERATOR.test(after)) {
    throw svixErrors.field('query', 'iterator', 'is not an iterator this API answered');
  }
  return { limit, after, order };
}

/** A page from `rows` (read with one extra row, which only tells whether more follow). */
export function toListResponse<R, T>(
  rows: readonly R[],
  page: Page,
  cursorOf: (row: R) => string,
  toOut: (row: R) => T,
): ListResponse<T> {
  const done = rows.length <= page.limit;
  const kept = rows.slice(0, page.limit);
  return {
    data: kept.map(toOut),
    iterator: kept.length > 0 ? cursorOf(kept[kept.length - 1]!) : (page.after ?? null),
    prevIterator: null,
    done,
  };
}
