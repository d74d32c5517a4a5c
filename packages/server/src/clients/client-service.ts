import { createHash, randomBytes } from 'node:crypto';
import type { RequestQuery, ResponseBody } from '@castellan/contract';
import { apiErrors } from '../errors/api-errors.js';
import { currentSigningKey } from '../instances/signing-key-service.js';
import { pageOf, type Ordering } from '../lists/list-params.js';
import { arrayOrPaginated } from '../lists/list-responses.js';
import { readPage } from '../lists/page-query.js';
import { safeEqualStrings } from '../passwords/constant-time.js';
import { type Scope, tokenIssuer } from '../platform/scope.js';
import { runWrite } from '../platform/write.js';
import { signRs256 } from '../sessions/jwt.js';
import { sessionsOfClients } from '../sessions/session-reads.js';
import { verifyInstanceJwt } from '../sessions/token-verification.js';
import {
  countClients,
  findClientById,
  findClientsByIds,
  listClientIds,
  updateClientRow,
  type ClientRow,
} from './client-store.js';

export type Client = ResponseBody<'GetClient', '200'>;

/** The API objects of client rows, each with all its sessions, read at `now`. */
async function clientsOf(scope: Scope, rows: ClientRow[], now: number): Promise<Client[]> {
  const sessions = await sessionsOfClients(
    scope.db,
    scope.instanceId,
    rows.map((row) => row.id),
    now,
  );
  return rows.map((row) => {
    const own = sessions.get(row.id) ?? [];
    return {
      object: 'client',
      id: row.id,
      session_ids: own.map((s) => s.id),
      sessions: own,
      sign_in_id: row.sign_in_id,
      sign_up_id: row.sign_up_id,
      last_active_session_id: row.last_active_session_id,
      last_authentication_strategy: row.last_authentication_strategy,
      updated_at: Number(row.updated_at),
      created_at: Number(row.created_at),
    };
  });
}

export async function getClient(scope: Scope, clientId: string): Promise<Client> {
  const row = await findClientById(scope.db, scope.instanceId, clientId);
  if (!row) throw apiErrors.notFound('client', clientId);
  const [client] = await clientsOf(scope, [row], scope.clock.now());
  return client!;
}

const NEWEST_FIRST: Ordering = {
  field: 'created_at',
  column: 'clients.created_at',
  direction: 'desc',
};

/** `GET /v1/clients` (deprecated): every client, newest first; `paginated=true` as usual. */
export async function listClients(scope: Scope, query: RequestQuery<'GetClientList'>) {
  const rows = await readPage(
    listClientIds(scope.db, scope.instanceId),
    'clients.id',
    NEWEST_FIRST,
    pageOf(query),
    (ids) => findClientsByIds(scope.db, scope.instanceId, ids),
  );
  const data = await clientsOf(scope, rows, scope.clock.now());
  return arrayOrPaginated(query, data, () => countClients(scope.db, scope.instanceId));
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');

/**
 * A new `__client` token for a client (the Frontend API sets it as the HttpOnly cookie that
 * identifies the browser): a JWT signed with the instance's key whose `id` is the client and
 * whose `rotating_token` is new random; only its SHA-256 is stored, so issuing a token
 * invalidates the previous one.
 */
export async function issueClientToken(scope: Scope, clientId: string): Promise<string> {
  const rotatingToken = randomBytes(32).toString('base64url');
  const now = await runWrite(scope, async (tx) => {
    const row = await findClientById(tx.db, tx.instanceId, clientId);
    if (!row) throw apiErrors.notFound('client', clientId);
    await updateClientRow(tx.db, tx.instanceId, clientId, {
      rotating_token_hash: sha256(rotatingToken),
      updated_at: tx.now,
    });
    return tx.now;
  });
  const key = await currentSigningKey(scope);
  return signRs256(key.kid, key.privateKey, {
    id: clientId,
    rotating_token: rotatingToken,
    iss: tokenIssuer(scope.instance),
    iat: Math.floor(now / 1000),
  });
}

/**
 * `POST /v1/clients/verify`: the client whose current `__client` token `token` is (signed by
 * the instance, its rotating token the one stored). A token of no client is a 404; a token
 * that is not the instance's, or was rotated away, a 401.
 */
export async function verifyClient(scope: Scope, token: string): Promise<Client> {
  const claims = await verifyInstanceJwt(scope, token, {
    now: scope.clock.now(),
    checkExpiry: false,
  });
  if (typeof claims.id !== 'string' || typeof claims.rotating_token !== 'string') {
    throw apiErrors.tokenInvalid('The token is not a client token.');
  }
  const row = await findClientById(scope.db, scope.instanceId, claims.id);
  if (!row) throw apiErrors.notFound('client', claims.id);
  if (
    row.rotating_token_hash === null ||
    !safeEqualStrings(sha256(claims.rotating_token), row.rotating_token_hash)
  ) {
    throw apiErrors.tokenInvalid('The client token was replaced by a newer one.');
  }
  const [client] = await clientsOf(scope, [row], scope.clock.now());
  return client!;
}
