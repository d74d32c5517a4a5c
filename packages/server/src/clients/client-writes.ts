import { generateId } from '../ids/generate-id.js';
import type { WriteTx } from '../platform/write.js';
import { insertClient, updateClientRow } from './client-store.js';

/**
 * A new client in the write `tx`, with no sessions yet: what the Backend API makes for
 * `createSession` and the Frontend API for a new browser. Returns its ID.
 */
export async function openClient(tx: WriteTx): Promise<string> {
  const id = generateId('client', tx.now);
  await insertClient(tx.db, {
    id,
    instance_id: tx.instanceId,
    sign_in_id: null,
    sign_up_id: null,
    last_active_session_id: null,
    last_authentication_strategy: null,
    rotating_token_hash: null,
    dev_browser_token_hash: null,
    cookie_expires_at: null,
    created_at: tx.now,
    updated_at: tx.now,
  });
  return id;
}

/**
 * A session became the client's active one: it is `last_active_session_id`, and the
 * client's `updated_at` (its `client_uat`) moves to now.
 */
export async function markClientSession(
  tx: WriteTx,
  clientId: string,
  sessionId: string,
): Promise<void> {
  await updateClientRow(tx.db, tx.instanceId, clientId, {
    last_active_session_id: sessionId,
    updated_at: tx.now,
  });
}
