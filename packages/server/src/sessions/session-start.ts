import { markClientSession } from '../clients/client-writes.js';
import { generateId } from '../ids/generate-id.js';
import { readSessionSettings } from '../instances/instance-settings.js';
import type { Scope } from '../platform/scope.js';
import type { WriteTx } from '../platform/write.js';
import { recordUserSignIn } from '../users/user-sign-ins.js';
import { endSessionRow } from './session-lifecycle.js';
import { sessionRowToSession, type Session } from './session-mapper.js';
import { resolveActiveOrganization } from './session-organization.js';
import { sessionStatusAt, sessionTimesFrom } from './session-status.js';
import { insertSession, lockActiveSessions, type SessionRow } from './session-store.js';

export interface NewSession {
  clientId: string;
  userId: string;
  /** The impersonator (`act` claim), for a session started from an actor token. */
  actor?: Record<string, unknown> | null;
  activeOrganizationId?: string | null;
  /** When the first and second factors were verified (`fva`); the first defaults to now. */
  firstFactorVerifiedAt?: number | null;
  secondFactorVerifiedAt?: number | null;
}

/**
 * Starts an active session on a client in the write `tx`: the Backend API's
 * `createSession` and, later, the Frontend API's completed sign-in or sign-up. The user must
 * exist and not be banned; their `last_sign_in_at`/`last_active_at` become now. Without
 * multi-session mode the client's active session is `replaced`. The session lives for the
 * instance's session lifetime; `session.created` is recorded with the user.
 */
export async function startSession(
  scope: Scope,
  tx: WriteTx,
  input: NewSession,
): Promise<{ row: SessionRow; session: Session }> {
  const settings = await readSessionSettings(tx.db, tx.instanceId);
  const user = await recordUserSignIn(scope, tx, input.userId);
  const organizationId = input.activeOrganizationId ?? null;
  if (organizationId !== null) await resolveActiveOrganization(tx, organizationId, user.id);
  if (!settings.multi_session) {
    const current = await lockActiveSessions(tx.db, tx.dialect, tx.instanceId, {
      column: 'client_id',
      ids: [input.clientId],
    });
    for (const row of current) {
      if (sessionStatusAt(row, tx.now) === 'active') {
        await endSessionRow(tx, row, 'replaced', undefined);
      }
    }
  }
  const actor = input.actor ? JSON.stringify(input.actor) : null;
  const row = {
    id: generateId('sess', tx.now),
    instance_id: tx.instanceId,
    client_id: input.clientId,
    user_id: user.id,
    status: 'active' as const,
    actor,
    last_active_organization_id: organizationId,
    latest_activity: null,
    first_factor_verified_at:
      input.firstFactorVerifiedAt === undefined ? tx.now : input.firstFactorVerifiedAt,
    second_factor_verified_at: input.secondFactorVerifiedAt ?? null,
    refresh_token_hash: null,
    token_issued_at: null,
    last_active_at: tx.now,
    ...sessionTimesFrom(settings, tx.now),
    created_at: tx.now,
    updated_at: tx.now,
  };
  await insertSession(tx.db, row);
  await markClientSession(tx, input.clientId, row.id);
  const session = sessionRowToSession(row, tx.now);
  await tx.emit('session.created', { ...session, user });
  return { row, session };
}
