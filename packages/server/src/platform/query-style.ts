import type { OperationDefinition } from '@castellan/contract';
import type { FastifyRequest } from 'fastify';

/**
 * The query parameters an operation takes in `style: form, explode: false`: one key whose
 * value lists the items with commas (`enrollment_mode=a,-b`), as the spec says. Before
 * validation such a value is split into the array the schema expects; repeated keys (what
 * `@clerk/backend` sends) are split too and keep working. Undefined when there are none.
 */
export function unexplodedQuerySplitter(
  op: OperationDefinition,
): ((request: FastifyRequest) => void) | undefined {
  const names = Object.entries(op.request.queryStyle ?? {})
    .filter(([, style]) => style.style === 'form' && !style.explode)
    .map(([name]) => name);
  if (names.length === 0) return undefined;
  return (request) => {
    const query = request.query as Record<string, unknown> | undefined;
    if (!query) return;
    for (const name of names) {
      const value = query[name];
      const values = Array.isArray(value) ? value : typeof value === 'string' ? [value] : null;
      if (values) {
        query[name] = values.flatMap((v: unknown) => (typeof v === 'string' ? v.split(',') : [v]));
      }
    }
  };
}
