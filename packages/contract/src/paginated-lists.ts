import { Type, type TSchema } from 'typebox';
import type { OperationDefinition } from './operation-definition.js';
import type { OperationId } from './generated/operations.js';
import type { RequestQuery, SuccessBody } from './operation-types.js';

/**
 * Some list operations answer a bare array by default and `{ data, total_count }` when asked
 * with `paginated=true`, which @clerk/backend always sends for them (allow-list, invitations,
 * sessions, clients, …). The spec documents only the array; these are the envelope's schema
 * and type, derived from the array's, for operations that take `paginated`.
 */
export type PaginatedBody<Id extends OperationId> = 'paginated' extends keyof RequestQuery<Id>
  ? { data: SuccessBody<Id>; total_count: number }
  : never;

const envelopes = new WeakMap<OperationDefinition, TSchema | null>();

/** The `paginated=true` envelope of an operation's 200 array; `undefined` when it has none. */
export function paginatedEnvelopeOf(op: OperationDefinition): TSchema | undefined {
  let envelope = envelopes.get(op);
  if (envelope === undefined) {
    const items = op.responses['200'] as { type?: unknown } | null | undefined;
    const takesPaginated = op.request.querystring?.properties?.paginated !== undefined;
    envelope =
      takesPaginated && items?.type === 'array'
        ? Type.Object(
            { data: items as TSchema, total_count: Type.Integer() },
            { additionalProperties: false },
          )
        : null;
    envelopes.set(op, envelope);
  }
  return envelope ?? undefined;
}
