import { type Kysely, sql } from 'kysely';
import type { Db } from '../db/schema.js';
import { toBool, unindexedRef } from '../db/values.js';

/**
 * Endpoints with a delivery due at `now` (a scheduled attempt or a replay) that are enabled
 * and whose lease is free (never taken, expired, or already ours).
 */
export async function listDueEndpoints(
  db: Kysely<Db>,
  now: number,
  owner: string,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom('webhook_endpoints')
    .select('id')
    .where('disabled', '=', false)
    .where((eb) =>
      eb.or([
        eb('lease_until', 'is', null),
        eb('lease_until', '<', now),
        eb('lease_owner', '=', owner),
      ]),
    )
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('webhook_deliveries as d')
            .select('d.id')
            .whereRef('d.endpoint_id', '=', 'webhook_endpoints.id')
            .where('d.status', '=', 'pending')
            .where('d.next_attempt_at', '<=', now),
        ),
        // Replays are few: read them by time, not through the endpoint's every delivery.
        eb.exists(
          eb
            .selectFrom('webhook_deliveries as d')
            .select('d.id')
            .where(unindexedRef('d.endpoint_id'), '=', eb.ref('webhook_endpoints.id'))
            .where('d.replay_at', '<=', now),
        ),
      ]),
    )
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((row) => row.id);
}

/**
 * Takes (or extends) an endpoint's lease until `until`: a conditional update, so of two
 * workers racing for it one gets it. Answers whether `owner` holds the lease now.
 */
export async function claimEndpointLease(
  db: Kysely<Db>,
  endpointId: string,
  owner: string,
  now: number,
  until: number,
): Promise<boolean> {
  const result = await db
    .updateTable('webhook_endpoints')
    .set({ lease_owner: owner, lease_until: until })
    .where('id', '=', endpointId)
    .where((eb) =>
      eb.or([
        eb('lease_until', 'is', null),
        eb('lease_until', '<', now),
        eb('lease_owner', '=', owner),
      ]),
    )
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Gives an endpoint's lease back, if `owner` still holds it. */
export async function releaseEndpointLease(
  db: Kysely<Db>,
  endpointId: string,
  owner: string,
): Promise<void> {
  await db
    .updateTable('webhook_endpoints')
    .set({ lease_owner: null, lease_until: null })
    .where('id', '=', endpointId)
    .where('lease_owner', '=', owner)
    .execute();
}

/** What sending to an endpoint needs: where, the sealed secrets, and its instance's environment. */
export interface SendingEndpoint {
  id: string;
  instance_id: string;
  url: string;
  disabled: boolean;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: number | null;
  failing_since: number | null;
  environment: 'development' | 'production';
}

export async function findSendingEndpoint(
  db: Kysely<Db>,
  endpointId: string,
): Promise<SendingEndpoint | undefined> {
  const row = await db
    .selectFrom('webhook_endpoints as e')
    .innerJoin('instances as i', 'i.id', 'e.instance_id')
    .select([
      'e.id',
      'e.instance_id',
      'e.url',
      'e.disabled',
      'e.secret',
      'e.previous_secret',
      'e.previous_secret_expires_at',
      'e.failing_since',
      'i.environment',
    ])
    .where('e.id', '=', endpointId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    ...row,
    disabled: toBool(row.disabled),
    previous_secret_expires_at: numberOrNull(row.previous_secret_expires_at),
    failing_since: numberOrNull(row.failing_since),
  };
}

function numberOrNull(value: number | string | null): number | null {
  return value === null ? null : Number(value);
}

export interface DueDelivery {
  id: string;
  instance_id: string;
  outbox_id: number;
  message_id: string;
  status: string;
  attempt_count: number;
  next_attempt_at: number | null;
  /** The stored webhook envelope, as text (the bytes signed and sent). */
  body: string;
  trigger: 'scheduled' | 'manual';
}

/**
 * The endpoint's next attempts due at `now`, up to `limit`: replays first (outside the
 * order), then pending deliveries whose attempt is due by outbox id, so first attempts go
 * out in commit order and a message waiting for its retry does not hold back the ones
 * after it. Each comes with its payload, read as text in both dialects (PostgreSQL's jsonb
 * gives its own canonical text): every attempt of a message signs and sends the same bytes.
 */
export async function listDueDeliveries(
  db: Kysely<Db>,
  endpointId: string,
  now: number,
  limit: number,
): Promise<DueDelivery[]> {
  const base = () =>
    db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('outbox as o', 'o.id', 'd.outbox_id')
      .select([
        'd.id',
        'd.instance_id',
        'd.outbox_id',
        'd.message_id',
        'd.status',
        'd.attempt_count',
        'd.next_attempt_at',
        sql<string>`cast(o.payload as text)`.as('body'),
      ]);
  const replays = await base()
    .where(unindexedRef('d.endpoint_id'), '=', endpointId)
    .where('d.replay_at', '<=', now)
    .orderBy('d.replay_at')
    .orderBy('d.outbox_id')
    .limit(limit)
    .execute();
  const scheduled =
    replays.length < limit
      ? await base()
          .where('d.endpoint_id', '=', endpointId)
          .where('d.status', '=', 'pending')
          // Walk the pending ones in outbox order (webhook_deliveries_pending) and stop at
          // `limit`, rather than read every due one by time and sort them.
          .where(sql`${sql.ref('d.next_attempt_at')} + 0`, '<=', now)
          .orderBy('d.outbox_id')
          .limit(limit - replays.length)
          .execute()
      : [];
  return [
    ...replays.map((row) => deliveryOf(row, 'manual')),
    ...scheduled.map((row) => deliveryOf(row, 'scheduled')),
  ];
}

function deliveryOf(
  row: Omit<DueDelivery, 'trigger'>,
  trigger: DueDelivery['trigger'],
): DueDelivery {
  return {
    ...row,
    outbox_id: Number(row.outbox_id),
    next_attempt_at: numberOrNull(row.next_attempt_at),
    trigger,
  };
}
