/**
 * The two shapes of a list response in the spec: most operations answer
 * `{ data, total_count }` (`paginated`); a few (`GetUserList`, ...) a bare array, which the
 * handler returns as it is.
 */
export function paginated<T>(data: T[], totalCount: number): { data: T[]; total_count: number } {
  return { data, total_count: totalCount };
}

/**
 * A list that takes `paginated`: its bare array by default, `{ data, total_count }` when the
 * caller asks (`paginated=true`, which @clerk/backend sends). The count is read only then.
 */
export async function arrayOrPaginated<T>(
  query: { paginated?: boolean | null | undefined },
  data: T[],
  count: () => Promise<number>,
): Promise<T[] | { data: T[]; total_count: number }> {
  return query.paginated === true ? paginated(data, await count()) : data;
}
