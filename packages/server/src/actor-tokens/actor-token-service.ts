import type { RequestBody, ResponseBody } from '@castellan/contract';
import { parseJson } from '../db/values.js';
import { apiErrors } from '../errors/api-errors.js';
import { generateId } from '../ids/generate-id.js';
import type { Scope } from '../platform/scope.js';
import { runWrite, type WriteTx } from '../platform/write.js';
import {
  acceptTicket,
  hashTicketToken,
  newTicketToken,
  revokeTicket,
  ticketLifetimeMs,
  ticketUrl,
} from '../sign-in-tokens/sign-in-token-service.js';
import { lockUserIfExists } from '../users/user-writes.js';
import { insertActorToken, type ActorTokenRow } from './actor-token-store.js';

export type ActorToken = ResponseBody<'CreateActorToken', '200'>;
type Actor = Record<string, unknown> & { sub: string };

/** Clerk's defaults: the token lasts an hour, the session it starts 30 minutes. */
export const DEFAULT_ACTOR_TOKEN_SECONDS = 60 * 60;
export const DEFAULT_ACTOR_SESSION_SECONDS = 30 * 60;

function actorTokenRowToApi(row: ActorTokenRow, shown?: { token: string; url: string }) {
  const token: ActorToken = {
    object: 'actor_token',
    id: row.id,
    status: row.status as ActorToken['status'],
    user_id: row.user_id,
    actor: parseJson<Actor>(row.actor),
    ...shown,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
  return token;
}

/** The actor goes into every token of the session it starts: kept as small as metadata. */
const ACTOR_MAX_BYTES = 8 * 1024;

/**
 * The actor claim: `sub` names the impersonator (any ID: a dashboard admin need not be a
 * user of the instance). Returns it serialized.
 */
function serializeActor(actor: RequestBody<'CreateActorToken'>['actor']): string {
  if (actor.sub.trim() === '') throw apiErrors.paramValueInvalid('actor.sub', 'must not be blank');
  const text = JSON.stringify(actor);
  if (Buffer.byteLength(text) > ACTOR_MAX_BYTES) {
    throw apiErrors.metadataTooLarge('actor', ACTOR_MAX_BYTES);
  }
  return text;
}

/** `POST /v1/actor_tokens`: a pending ticket that signs `actor` in as the user. */
export async function createActorToken(
  scope: Scope,
  input: RequestBody<'CreateActorToken'>,
): Promise<ActorToken> {
  const actor = serializeActor(input.actor);
  const lifetimeMs = ticketLifetimeMs(
    input.expires_in_seconds ?? DEFAULT_ACTOR_TOKEN_SECONDS,
    'expires_in_seconds',
  );
  const sessionMs = ticketLifetimeMs(
    input.session_max_duration_in_seconds ?? DEFAULT_ACTOR_SESSION_SECONDS,
    'session_max_duration_in_seconds',
  );
  const token = newTicketToken();
  return runWrite(scope, async (tx) => {
    if (!(await lockUserIfExists(tx, input.user_id))) {
      throw apiErrors.actorTokenUserNotFound(input.user_id);
    }
    const row: ActorTokenRow = {
      id: generateId('act', tx.now),
      instance_id: tx.instanceId,
      user_id: input.user_id,
      token_hash: hashTicketToken(token),
      status: 'pending',
      actor,
      session_max_duration_seconds: sessionMs / 1000,
      expires_at: tx.now + lifetimeMs,
      created_at: tx.now,
      updated_at: tx.now,
    };
    await insertActorToken(tx.db, { ...row, actor });
    return actorTokenRowToApi(row, { token, url: ticketUrl(scope.instance, token) });
  });
}

/** `POST /v1/actor_tokens/{id}/revoke`: a pending token becomes revoked; any other is a 400. */
export async function revokeActorToken(scope: Scope, id: string): Promise<ActorToken> {
  return runWrite(scope, async (tx) =>
    actorTokenRowToApi(
      await revokeTicket(tx, 'actor_tokens', id, apiErrors.actorTokenNotRevocable),
    ),
  );
}

/** What redeeming an actor token gives the Frontend API: the impersonation session to start. */
export interface AcceptedActorToken {
  id: string;
  userId: string;
  /** The session's `actor` (and its tokens' `act` claim). */
  actor: Actor;
  sessionMaxDurationSeconds: number;
}

/**
 * Redeems an actor token inside the caller's write (the Frontend API's ticket strategy): a
 * pending, unexpired token becomes accepted, once; anything else throws `ticket_invalid`
 * or `ticket_expired`.
 */
export async function acceptActorToken(tx: WriteTx, token: string): Promise<AcceptedActorToken> {
  const row = await acceptTicket(tx, 'actor_tokens', token);
  return {
    id: row.id,
    userId: row.user_id,
    actor: parseJson<Actor>(row.actor),
    sessionMaxDurationSeconds: Number(row.session_max_duration_seconds),
  };
}
