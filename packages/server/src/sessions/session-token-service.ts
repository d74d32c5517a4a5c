import { createHash, randomBytes } from 'node:crypto';
import type { RequestBody } from '@castellan/contract';
import { apiErrors } from '../errors/api-errors.js';
import { readSessionSettings, type SessionSettings } from '../instances/instance-settings.js';
import { safeEqualStrings } from '../passwords/constant-time.js';
import type { Scope } from '../platform/scope.js';
import { runWrite } from '../platform/write.js';
import { recordUserActivity } from '../users/user-sign-ins.js';
import { assertSessionActive, findExistingSession } from './session-service.js';
import { resolveActiveOrganization } from './session-organization.js';
import { abandonAtAfter, touchIntervalMs } from './session-status.js';
import { signSessionToken } from './session-tokens.js';
import {
  lockSession,
  touchSessionRow,
  updateSessionRow,
  type SessionRow,
} from './session-store.js';
import { verifyInstanceJwt } from './token-verification.js';
import { sessionCookies } from './session-cookies.js';
import { sessionRowToSession, type Session } from './session-mapper.js';

type Token = { object: 'token'; jwt: string };

/**
 * Mints a token for an active session and records the activity. The write is skipped while
 * the session's `last_active_at` is recent (`touchIntervalMs`), so minting is a read and a
 * signature most of the time; the user's `last_active_at` moves with the session's.
 */
async function mintToken(
  scope: Scope,
  row: SessionRow,
  settings: SessionSettings,
  options: {
    lifetimeSeconds: number;
    azp?: string | undefined;
    /** The organization claim's organization, when not the session's active one (FAPI). */
    organizationId?: string | null | undefined;
  },
): Promise<string> {
  const now = scope.clock.now();
  assertSessionActive(row, now);
  // Issue 9: the organization claim comes from the session's active organization.
  const organizationId =
    options.organizationId === undefined ? row.last_active_organization_id : options.organizationId;
  const organization =
    organizationId === null
      ? null
      : await resolveActiveOrganization(scope, organizationId, row.user_id);
  const jwt = await signSessionToken(scope, row, {
    now,
    organization,
    lifetimeSeconds: options.lifetimeSeconds,
    azp: options.azp,
  });
  const notBefore = now - touchIntervalMs(settings) + 1;
  if (row.last_active_at < notBefore) {
    await runWrite(scope, async (tx) => {
      const touched = await touchSessionRow(tx.db, tx.instanceId, row.id, notBefore, {
        last_active_at: tx.now,
        abandon_at: abandonAtAfter(settings, tx.now, row.expire_at),
      });
      if (touched) await recordUserActivity(tx, row.user_id, tx.now, notBefore);
    });
  }
  return jwt;
}

/** `POST /v1/sessions/{id}/tokens`: a session token, for `expires_in_seconds` if given. */
export async function createSessionToken(
  scope: Scope,
  sessionId: string,
  input: RequestBody<'CreateSessionToken'> | undefined,
): Promise<Token> {
  const row = await findExistingSession(scope, sessionId);
  const settings = await readSessionSettings(scope.db, scope.instanceId);
  const lifetimeSeconds = input?.expires_in_seconds ?? settings.token_lifetime_seconds;
  return { object: 'token', jwt: await mintToken(scope, row, settings, { lifetimeSeconds }) };
}

/**
 * `POST /v1/sessions/{id}/verify` (deprecated): the session, if `token` is a valid,
 * unexpired token of this instance for this session and the session is still active.
 */
export async function verifySession(
  scope: Scope,
  sessionId: string,
  input: RequestBody<'VerifySession'> | undefined,
): Promise<Session> {
  if (input?.token === undefined) throw apiErrors.paramMissing('token');
  const row = await findExistingSession(scope, sessionId);
  const now = scope.clock.now();
  const claims = await verifyInstanceJwt(scope, input.token, { now, checkExpiry: true });
  if (claims.sid !== row.id) throw apiErrors.tokenInvalid('The token is not of this session.');
  assertSessionActive(row, now);
  return sessionRowToSession(row, now);
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');

/**
 * `POST /v1/sessions/{id}/refresh`: a new token for the session behind an expired one.
 * `expired_token` must be this instance's token for this session (its expiry is not
 * checked), `refresh_token` the session's `__refresh` token, `request_origin` the token's
 * `azp` when it has one. Every failure is a 401, which sends Clerk's SDKs to the handshake.
 * `format=cookie` answers the `__session` cookie directives instead of the token.
 */
export async function refreshSession(
  scope: Scope,
  sessionId: string,
  input: RequestBody<'RefreshSession'>,
) {
  const row = await findExistingSession(scope, sessionId);
  const now = scope.clock.now();
  const claims = await verifyInstanceJwt(scope, input.expired_token, { now, checkExpiry: false });
  if (claims.sid !== row.id || claims.sub !== row.user_id) {
    throw apiErrors.tokenInvalid('The expired token is not of this session.');
  }
  if (typeof claims.azp === 'string' && claims.azp !== input.request_origin) {
    throw apiErrors.tokenInvalid('The request origin is not the one the token was issued to.');
  }
  if (
    row.refresh_token_hash === null ||
    !safeEqualStrings(sha256(input.refresh_token), row.refresh_token_hash)
  ) {
    throw apiErrors.refreshTokenInvalid(row.id);
  }
  const settings = await readSessionSettings(scope.db, scope.instanceId);
  const jwt = await mintToken(scope, row, settings, {
    lifetimeSeconds: settings.token_lifetime_seconds,
    azp: input.request_origin,
  });
  if (input.format === 'cookie') {
    return { object: 'cookies' as const, cookies: sessionCookies(scope, jwt) };
  }
  return { object: 'token' as const, jwt };
}

/**
 * A new `__refresh` token for an active session (the Frontend API sets it as a cookie during
 * the handshake): only its SHA-256 is stored, and it replaces the previous one.
 */
export async function issueRefreshToken(scope: Scope, sessionId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await runWrite(scope, async (tx) => {
    const row = await lockSession(tx.db, tx.dialect, tx.instanceId, sessionId);
    if (!row) throw apiErrors.notFound('session', sessionId);
    assertSessionActive(row, tx.now);
    await updateSessionRow(tx.db, tx.instanceId, sessionId, {
      refresh_token_hash: sha256(token),
      updated_at: tx.now,
    });
  });
  return token;
}

/**
 * A token for the Frontend API: the session's (`POST …/sessions/{id}/tokens`, and each
 * session's `last_active_token`), `azp` the page's origin, for the instance's token
 * lifetime. `organizationId` (clerk-js's `organization_id`) picks the organization claim,
 * `null` none; left out, the session's active organization.
 */
export async function createBrowserSessionToken(
  scope: Scope,
  row: SessionRow,
  options: { azp: string | undefined; organizationId?: string | null | undefined },
): Promise<Token> {
  const settings = await readSessionSettings(scope.db, scope.instanceId);
  const jwt = await mintToken(scope, row, settings, {
    lifetimeSeconds: settings.token_lifetime_seconds,
    azp: options.azp,
    organizationId: options.organizationId,
  });
  return { object: 'token', jwt };
}
