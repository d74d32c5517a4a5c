import type { ResponseBody } from '@castellan/contract';
import { parseJson } from '../db/values.js';
import { sessionStatusAt } from './session-status.js';
import type { SessionRow } from './session-store.js';

export type Session = ResponseBody<'GetSession', '200'>;
type LatestActivity = NonNullable<Session['latest_activity']>;

/** The API object of a session row, its status read at `now`. */
export function sessionRowToSession(row: SessionRow, now: number): Session {
  const latestActivity = parseJson<LatestActivity | null>(row.latest_activity);
  return {
    object: 'session',
    id: row.id,
    user_id: row.user_id,
    client_id: row.client_id,
    actor: parseJson<Record<string, unknown> | null>(row.actor),
    status: sessionStatusAt(row, now),
    last_active_organization_id: row.last_active_organization_id,
    last_active_at: Number(row.last_active_at),
    ...(latestActivity ? { latest_activity: latestActivity } : {}),
    expire_at: Number(row.expire_at),
    abandon_at: Number(row.abandon_at),
    updated_at: Number(row.updated_at),
    created_at: Number(row.created_at),
  };
}

/**
 * Clerk's factor verification age (`fva`): minutes since the first and the second factor
 * were verified, `-1` for a factor never verified; `null` when neither is known.
 */
export function factorVerificationAge(row: SessionRow, now: number): [number, number] | null {
  const first = row.first_factor_verified_at;
  const second = row.second_factor_verified_at;
  if (first === null && second === null) return null;
  const minutes = (at: number | null) =>
    at === null ? -1 : Math.max(0, Math.floor((now - Number(at)) / 60_000));
  return [minutes(first), minutes(second)];
}
