import { markClientChanged } from '../clients/client-browser.js';
import { markClientSession } from '../clients/client-writes.js';
import { apiErrors } from '../errors/api-errors.js';
import { readSessionSettings } from '../instances/instance-settings.js';
import type { Scope } from '../platform/scope.js';
import { runWrite, type WriteTx } from '../platform/write.js';
import { readUserForEvent } from '../users/user-sign-ins.js';
import { endSessionRow } from './session-lifecycle.js';
import { resolveActiveOrganization } from './session-organization.js';
import { abandonAtAfter, sessionStatusAt } from './session-status.js';
import {
  findSessionById,
  lockActiveSessions,
  lockSession,
  updateSessionRow,
  type SessionRow,
} from './session-store.js';

/**
 * A browser's own sessions (the Frontend API): every operation names the browser's client,
 * and a session of another client, like an unknown one, is a 404, so a browser never reaches
 * another browser's sessions.
 */

/** The client's session, or a 404. */
export async function findClientSession(
  scope: Scope,
  clientId: string,
  sessionId: string,
): Promise<SessionRow> {
  const row = await findSessionById(scope.db, scope.instanceId, sessionId);
  if (!row || row.client_id !== clientId) throw apiErrors.notFound('session', sessionId);
  return row;
}

async function lockClientSession(tx: WriteTx, clientId: string, sessionId: string) {
  const row = await lockSession(tx.db, tx.dialect, tx.instanceId, sessionId);
  if (!row || row.client_id !== clientId) throw apiErrors.notFound('session', sessionId);
  return row;
}

/**
 * `POST …/sessions/{id}/touch`: the page uses the session now. It becomes the client's
 * active one; `activeOrganizationId` (when given; null for the personal account) becomes
 * its active organization, which must be one of the user's. A session that is not active is
 * a 401 `signed_out`.
 */
export async function touchClientSession(
  scope: Scope,
  clientId: string,
  sessionId: string,
  input: { activeOrganizationId?: string | null | undefined },
): Promise<SessionRow> {
  const settings = await readSessionSettings(scope.db, scope.instanceId);
  return runWrite(scope, async (tx) => {
    const row = await lockClientSession(tx, clientId, sessionId);
    if (sessionStatusAt(row, tx.now) !== 'active') {
      throw apiErrors.sessionSignedOut(row.id, sessionStatusAt(row, tx.now));
    }
    const organizationId =
      input.activeOrganizationId === undefined
        ? row.last_active_organization_id
        : input.activeOrganizationId;
    if (organizationId !== null && organizationId !== row.last_active_organization_id) {
      await resolveActiveOrganization(tx, organizationId, row.user_id);
    }
    const patch = {
      last_active_organization_id: organizationId,
      last_active_at: tx.now,
      abandon_at: abandonAtAfter(settings, tx.now, Number(row.expire_at)),
      updated_at: tx.now,
    };
    await updateSessionRow(tx.db, tx.instanceId, row.id, patch);
    await markClientSession(tx, clientId, row.id);
    return { ...row, ...patch };
  });
}

/**
 * `…/end` (`ended`) and `…/remove` (`removed`): the browser signs out of one session. A
 * session no longer active is answered as it is.
 */
export async function endClientSession(
  scope: Scope,
  clientId: string,
  sessionId: string,
  ending: 'ended' | 'removed',
): Promise<SessionRow> {
  return runWrite(scope, async (tx) => {
    const row = await lockClientSession(tx, clientId, sessionId);
    if (sessionStatusAt(row, tx.now) !== 'active') return row;
    const user = await readUserForEvent(scope, tx, row.user_id);
    await endSessionRow(tx, row, ending, user);
    await markClientChanged(tx, clientId);
    return { ...row, status: ending, updated_at: tx.now };
  });
}

/**
 * Signs the client out of every session (`DELETE /v1/client/sessions`, `DELETE /v1/client`)
 * in the write `tx`; returns how many ended.
 */
export async function endClientSessions(
  scope: Scope,
  tx: WriteTx,
  clientId: string,
): Promise<number> {
  const rows = await lockActiveSessions(tx.db, tx.dialect, tx.instanceId, {
    column: 'client_id',
    ids: [clientId],
  });
  const active = rows.filter((row) => sessionStatusAt(row, tx.now) === 'active');
  for (const row of active) {
    await endSessionRow(tx, row, 'ended', await readUserForEvent(scope, tx, row.user_id));
  }
  if (active.length > 0) await markClientChanged(tx, clientId);
  return active.length;
}
