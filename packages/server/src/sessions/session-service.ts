import type { RequestBody } from '@castellan/contract';
import { openClient } from '../clients/client-writes.js';
import { parseJson } from '../db/values.js';
import { apiErrors } from '../errors/api-errors.js';
import type { Scope } from '../platform/scope.js';
import { runWrite } from '../platform/write.js';
import { getUser } from '../users/user-service.js';
import { readUserForEvent } from '../users/user-sign-ins.js';
import type { User } from '../users/user-mapper.js';
import { endSessionRow } from './session-lifecycle.js';
import { factorVerificationAge, sessionRowToSession, type Session } from './session-mapper.js';
import { resolveTemplateOrganization, type TemplateOrganization } from './session-organization.js';
import { startSession } from './session-start.js';
import { sessionStatusAt } from './session-status.js';
import { findSessionById, lockSession, type SessionRow } from './session-store.js';

export { listSessions } from './session-list.js';
export type { Session } from './session-mapper.js';

/** The session, or a 404. */
export async function findExistingSession(scope: Scope, sessionId: string): Promise<SessionRow> {
  const row = await findSessionById(scope.db, scope.instanceId, sessionId);
  if (!row) throw apiErrors.notFound('session', sessionId);
  return row;
}

/** A session that may get a token: it exists and is active now (else Clerk's `signed_out`). */
export function assertSessionActive(row: SessionRow, now: number): void {
  const status = sessionStatusAt(row, now);
  if (status !== 'active') throw apiErrors.sessionSignedOut(row.id, status);
}

export async function getSession(scope: Scope, sessionId: string): Promise<Session> {
  return sessionRowToSession(await findExistingSession(scope, sessionId), scope.clock.now());
}

/**
 * `POST /v1/sessions`: a new client with an active session for the user (development
 * instances only, as Clerk: production ones sign in with sign-in tokens).
 */
export async function createSession(
  scope: Scope,
  input: RequestBody<'createSession'>,
): Promise<Session> {
  if (scope.instance.environment === 'production') throw apiErrors.createSessionInProduction();
  return runWrite(scope, async (tx) => {
    const clientId = await openClient(tx);
    const { session } = await startSession(scope, tx, {
      clientId,
      userId: input.user_id,
      activeOrganizationId: input.active_organization_id ?? null,
    });
    return session;
  });
}

/**
 * `POST /v1/sessions/{id}/revoke`: an active session becomes `revoked` (`session.revoked`).
 * A session already ended (revoked, expired, …) is answered as it is: there is nothing
 * left to revoke, and its status says why.
 */
export async function revokeSession(scope: Scope, sessionId: string): Promise<Session> {
  return runWrite(scope, async (tx) => {
    const row = await lockSession(tx.db, tx.dialect, tx.instanceId, sessionId);
    if (!row) throw apiErrors.notFound('session', sessionId);
    if (sessionStatusAt(row, tx.now) !== 'active') return sessionRowToSession(row, tx.now);
    const user = await readUserForEvent(scope, tx, row.user_id);
    return endSessionRow(tx, row, 'revoked', user);
  });
}

/** What a JWT template's token is built from (part B's `CreateSessionTokenFromTemplate`). */
export interface SessionTokenSubject {
  user: User;
  session: { id: string; actor: Record<string, unknown> | null; fva: [number, number] | null };
  organization: TemplateOrganization | null;
  azp: string | undefined;
}

/**
 * The subject of a token for a session: the session must exist (404) and be active
 * (`signed_out`, as `CreateSessionToken`). `organization` is the session's active one with
 * the user's role there (null without one); the Backend API knows no origin, so `azp` is
 * undefined.
 */
export async function sessionTokenSubject(
  scope: Scope,
  sessionId: string,
): Promise<SessionTokenSubject> {
  const row = await findExistingSession(scope, sessionId);
  const now = scope.clock.now();
  assertSessionActive(row, now);
  return {
    user: await getUser(scope, row.user_id),
    session: {
      id: row.id,
      actor: parseJson<Record<string, unknown> | null>(row.actor),
      fva: factorVerificationAge(row, now),
    },
    organization:
      row.last_active_organization_id === null
        ? null
        : await resolveTemplateOrganization(scope, row.last_active_organization_id, row.user_id),
    azp: undefined,
  };
}
