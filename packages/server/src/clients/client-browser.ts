import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Db } from '../db/schema.js';
import { currentSigningKey } from '../instances/signing-key-service.js';
import { safeEqualStrings } from '../passwords/constant-time.js';
import { type Scope, tokenIssuer } from '../platform/scope.js';
import type { WriteTx } from '../platform/write.js';
import { decodeJwt, signRs256 } from '../sessions/jwt.js';
import { verifyInstanceJwt } from '../sessions/token-verification.js';
import {
  findClientByDevBrowserHash,
  findClientById,
  updateClientRow,
  type ClientRow,
} from './client-store.js';

/**
 * The browser side of clients, for the Frontend API: finding a browser's client by its
 * development-browser token or its `__client` cookie, and the writes a browser's requests
 * make (its sign-in or sign-up in progress, how it last signed in). Tokens are stored only
 * as their SHA-256.
 */

export type { ClientRow };

export const tokenHash = (value: string) => createHash('sha256').update(value).digest('base64url');

/** The client of an instance, or undefined. */
export async function findClient(
  db: Kysely<Db>,
  instanceId: string,
  clientId: string,
): Promise<ClientRow | undefined> {
  return findClientById(db, instanceId, clientId);
}

/** The instance's client whose development-browser token is `token`. */
export async function findClientByDevBrowserToken(
  db: Kysely<Db>,
  instanceId: string,
  token: string,
): Promise<ClientRow | undefined> {
  return findClientByDevBrowserHash(db, instanceId, tokenHash(token));
}

/** Binds a development-browser token to the client (replacing any earlier one). */
export async function bindDevBrowserToken(
  tx: WriteTx,
  clientId: string,
  token: string,
): Promise<void> {
  await updateClientRow(tx.db, tx.instanceId, clientId, {
    dev_browser_token_hash: tokenHash(token),
  });
}

/** Stores the hash of the rotating token of the client's next `__client` cookie. */
export async function setClientRotatingToken(
  tx: WriteTx,
  clientId: string,
  rotatingToken: string,
): Promise<void> {
  await updateClientRow(tx.db, tx.instanceId, clientId, {
    rotating_token_hash: tokenHash(rotatingToken),
  });
}

/**
 * The client's sign-in or sign-up in progress changes (null: none). The client's
 * `updated_at` is left alone: it is the `client_uat`, which moves only with sessions.
 */
export async function setClientAttempts(
  tx: WriteTx,
  clientId: string,
  attempts: { signInId?: string | null; signUpId?: string | null },
): Promise<void> {
  await updateClientRow(tx.db, tx.instanceId, clientId, {
    ...(attempts.signInId !== undefined ? { sign_in_id: attempts.signInId } : {}),
    ...(attempts.signUpId !== undefined ? { sign_up_id: attempts.signUpId } : {}),
  });
}

/** How the client last signed in (`password`, `email_code`, …). */
export async function setLastAuthenticationStrategy(
  tx: WriteTx,
  clientId: string,
  strategy: string,
): Promise<void> {
  await updateClientRow(tx.db, tx.instanceId, clientId, {
    last_authentication_strategy: strategy,
  });
}

/**
 * The `__client` cookie's value for a client: a JWT of the instance (`id` the client,
 * `rotating_token` the secret whose hash `setClientRotatingToken` stored, `ins` the instance,
 * so a request can tell the instance before it verifies the token).
 */
export async function signClientCookieToken(
  scope: Scope,
  clientId: string,
  rotatingToken: string,
): Promise<string> {
  const key = await currentSigningKey(scope);
  return signRs256(key.kid, key.privateKey, {
    id: clientId,
    rotating_token: rotatingToken,
    ins: scope.instanceId,
    iss: tokenIssuer(scope.instance),
    iat: Math.floor(scope.clock.now() / 1000),
  });
}

/** The instance a `__client` token says it is of (unverified: only to pick the instance). */
export function instanceOfClientCookieToken(token: string): string | undefined {
  const ins = decodeJwt(token)?.payload.ins;
  return typeof ins === 'string' ? ins : undefined;
}

/**
 * The client whose current `__client` token `token` is: signed by the instance, its
 * rotating token the one stored. Anything else (another instance's, a rotated-away or
 * forged token, a deleted client) is undefined: the browser is then a new one.
 */
export async function findClientOfCookieToken(
  scope: Scope,
  token: string,
): Promise<ClientRow | undefined> {
  let claims: Record<string, unknown>;
  try {
    claims = await verifyInstanceJwt(scope, token, { now: scope.clock.now(), checkExpiry: false });
  } catch {
    return undefined;
  }
  if (typeof claims.id !== 'string' || typeof claims.rotating_token !== 'string') return undefined;
  const row = await findClientById(scope.db, scope.instanceId, claims.id);
  if (
    !row ||
    row.rotating_token_hash === null ||
    !safeEqualStrings(tokenHash(claims.rotating_token), row.rotating_token_hash)
  ) {
    return undefined;
  }
  return row;
}

/**
 * The client's signed-in state changed (a session of it ended): its `updated_at`, the
 * `client_uat` the backend compares tokens with, moves to now.
 */
export async function markClientChanged(tx: WriteTx, clientId: string): Promise<void> {
  await updateClientRow(tx.db, tx.instanceId, clientId, { updated_at: tx.now });
}
