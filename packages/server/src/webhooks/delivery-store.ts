import { type Kysely, sql } from 'kysely';
import type { Db } from '../db/schema.js';
import { toBool } from '../db/values.js';

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
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('webhook_deliveries')
        .select('endpoint_id')
        .where('next_attempt_at', '<=', now)
        .union(
          eb.selectFrom('webhook_deliveries').select('endpoint_id').where('replay_at', '<=', now),
        ),
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
  trigger: 'scheduled' | 'manual';
}

const DELIVERY_COLUMNS = [
  'id',
  'instance_id',
  'outbox_id',
  'message_id',
  'status',
  'attempt_count',
  'next_attempt_at',
] as const;

/**
 * The endpoint's next attempt due at `now`: a replay first (outside the order), else the
 * pending delivery of the smallest outbox id whose attempt is due, so first attempts go out
 * in commit order and a message waiting for its retry does not hold back the ones after it.
 */
export async function findNextDueDelivery(
  db: Kysely<Db>,
  endpointId: string,
  now: number,
): Promise<DueDelivery | undefined> {
  const replay = await db
    .selectFrom('webhook_deliveries')
    .select(DELIVERY_COLUMNS)
    .where('endpoint_id', '=', endpointId)
    .where('replay_at', '<=', now)
    .orderBy('replay_at')
    .orderBy('outbox_id')
    .limit(1)
    .executeTakeFirst();
  if (replay) return deliveryOf(replay, 'manual');
  const scheduled = await db
    .selectFrom('webhook_deliveries')
    .select(DELIVERY_COLUMNS)
    .where('endpoint_id', '=', endpointId)
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .orderBy('outbox_id')
    .limit(1)
    .executeTakeFirst();
  return scheduled ? deliveryOf(scheduled, 'scheduled') : undefined;
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

/** The stored webhook envelope of an outbox event, exactly as written (the body to sign). */
export async function findOutboxPayload(
  db: Kysely<Db>,
  outboxId: number,
): Promise<string | undefined> {
  // As text in both dialects (PostgreSQL's jsonb gives its own canonical text): every
  // attempt of a message signs and sends the same bytes.
  const row = await db
    .selectFrom('outbox')
    .select(sql<string>`cast(payload as text)`.as('payload'))
    .where('id', '=', outboxId)
    .executeTakeFirst();
  return row?.payload;
}
