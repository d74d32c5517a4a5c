import { apiErrors } from '../errors/api-errors.js';

export const DEFAULT_LIMIT = 10;

export type Direction = 'asc' | 'desc';

/** A list's `order_by` parsed: the field asked for, the column it sorts by, the direction. */
export interface Ordering<Field extends string = string> {
  field: Field;
  /** A qualified column with an `(instance_id, column, id)` index, e.g. `users.created_at`. */
  column: string;
  direction: Direction;
}

/** Where a page starts: after the row at `value` (of the ordering column) and `id`. */
export interface Cursor {
  value: string | number | null;
  id: string;
}

export interface Page {
  limit: number;
  offset: number;
  /** From `starting_after`: the page starts after this row. */
  after?: Cursor;
}

/** `limit` and `offset` as the contract validated them (1–500, ≥ 0), with Clerk's defaults. */
export function pageOf(query: { limit?: number | undefined; offset?: number | undefined }): Page {
  return { limit: query.limit ?? DEFAULT_LIMIT, offset: query.offset ?? 0 };
}

/**
 * `order_by`: one of the fields a list allows, prefixed by `+` (ascending, the default) or
 * `-`; of repeated values the first counts. `columns` maps each field to its column.
 */
export function parseOrderBy<Field extends string>(
  raw: string | readonly string[] | undefined,
  columns: Readonly<Record<Field, string>>,
  fallback: `${'' | '+' | '-'}${NoInfer<Field>}`,
): Ordering<Field> {
  const value = (typeof raw === 'string' ? raw : raw?.[0]) ?? fallback;
  const direction: Direction = value.startsWith('-') ? 'desc' : 'asc';
  const field = value.replace(/^[+-]/, '');
  // Own properties only: `constructor` or `__proto__` are not fields.
  if (!Object.hasOwn(columns, field)) {
    throw apiErrors.orderByInvalid(Object.keys(columns).join(', '));
  }
  return { field: field as Field, column: columns[field as Field], direction };
}

/**
 * `starting_after=<id>`: the page starts after that row, in an order whose field is one of
 * `cursorFields`, with no offset; an ID that is not found is a 422 naming `starting_after`.
 * `findPosition` reads the row's value of the ordering column.
 */
export async function applyStartingAfter(
  page: Page,
  ordering: Ordering,
  startingAfter: string | undefined,
  options: {
    resource: string;
    cursorFields: readonly string[];
    findPosition: (id: string) => Promise<Cursor | undefined>;
  },
): Promise<Page> {
  if (startingAfter === undefined) return page;
  if (!options.cursorFields.includes(ordering.field)) {
    throw apiErrors.cursorNeedsOrder(options.cursorFields.join(' or '));
  }
  if (page.offset !== 0) throw apiErrors.cursorWithOffset();
  const after = await options.findPosition(startingAfter);
  if (!after) throw apiErrors.cursorNotFound(options.resource, startingAfter);
  return { ...page, after };
}
