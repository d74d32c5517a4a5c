/**
 * The two shapes of a list response in the spec: most operations answer
 * `{ data, total_count }` (`paginated`); a few (`GetUserList`, ...) a bare array, which the
 * handler returns as it is.
 */
export function paginated<T>(data: T[], totalCount: number): { data: T[]; total_count: number } {
  return { data, total_count: totalCount };
}
