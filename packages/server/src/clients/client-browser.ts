import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Db } from '../db/schema.js';
import type { WriteTx } from '../platform/write.js';
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
