import { randomBytes } from 'node:crypto';
import {
  findClient,
  setClientAttempts,
  setClientRotatingToken,
  setLastAuthenticationStrategy,
} from '../clients/client-browser.js';
import { openClient } from '../clients/client-writes.js';
import { apiErrors } from '../errors/api-errors.js';
import type { WriteTx } from '../platform/write.js';
import { startSession } from '../sessions/session-start.js';
import type { ClientSessionInput, FapiContext } from './fapi-context.js';
import { pendingClientCookie } from './fapi-cookies.js';

/**
 * The writes a FAPI request makes on its browser's client, inside the request's
 * `runWrite(ctx.scope, tx => …)`. They keep `ctx.client` current, so the client the plugin
 * piggybacks after the handler is the one the write left.
 */

/**
 * The request's client, made now if the browser has none: a production browser gets a new
 * client and, once the write commits, a `__client` cookie naming it. A development browser
 * always has one (`POST /v1/dev_browser` made it); its token naming no client is a 401
 * `dev_browser_unauthenticated`, which sends clerk-js to make a new dev browser.
 */
export async function ensureClient(ctx: FapiContext, tx: WriteTx): Promise<string> {
  if (ctx.client) return ctx.client.id;
  if (ctx.identity.kind === 'dev_browser') throw apiErrors.devBrowserUnauthenticated();
  const clientId = await openClient(tx);
  const rotatingToken = randomBytes(32).toString('base64url');
  await setClientRotatingToken(tx, clientId, rotatingToken);
  pendingClientCookie(ctx, { clientId, rotatingToken });
  await reloadClient(ctx, tx, clientId);
  return clientId;
}

async function reloadClient(ctx: FapiContext, tx: WriteTx, clientId: string): Promise<void> {
  ctx.client = await findClient(tx.db, tx.instanceId, clientId);
}

/** The client's sign-in in progress becomes `signInId` (null: none). */
export async function attachSignIn(
  ctx: FapiContext,
  tx: WriteTx,
  signInId: string | null,
): Promise<void> {
  const clientId = await ensureClient(ctx, tx);
  await setClientAttempts(tx, clientId, { signInId });
  await reloadClient(ctx, tx, clientId);
}

/** The client's sign-up in progress becomes `signUpId` (null: none). */
export async function attachSignUp(
  ctx: FapiContext,
  tx: WriteTx,
  signUpId: string | null,
): Promise<void> {
  const clientId = await ensureClient(ctx, tx);
  await setClientAttempts(tx, clientId, { signUpId });
  await reloadClient(ctx, tx, clientId);
}

/**
 * A completed sign-in or sign-up starts a session on the client, through the sessions
 * service (single-session mode replaces the client's active one; `session.created`; the
 * client's `updated_at`, its `client_uat`, moves to now). The client's `sign_in` and
 * `sign_up` are cleared, as Clerk does once an attempt has made its session; the caller's
 * response still carries the completed attempt with `created_session_id`.
 */
export async function startClientSession(
  ctx: FapiContext,
  tx: WriteTx,
  input: ClientSessionInput,
): Promise<{ sessionId: string }> {
  const clientId = await ensureClient(ctx, tx);
  const { row } = await startSession(ctx.scope, tx, {
    clientId,
    userId: input.userId,
    activeOrganizationId: input.activeOrganizationId ?? null,
    ...(input.firstFactorVerifiedAt !== undefined
      ? { firstFactorVerifiedAt: input.firstFactorVerifiedAt }
      : {}),
    ...(input.secondFactorVerifiedAt !== undefined
      ? { secondFactorVerifiedAt: input.secondFactorVerifiedAt }
      : {}),
  });
  await setClientAttempts(tx, clientId, { signInId: null, signUpId: null });
  if (input.strategy) await setLastAuthenticationStrategy(tx, clientId, input.strategy);
  await reloadClient(ctx, tx, clientId);
  return { sessionId: row.id };
}
