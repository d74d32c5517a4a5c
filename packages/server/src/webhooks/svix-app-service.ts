import type { Kysely } from 'kysely';
import type { DialectAdapter } from '../db/dialect.js';
import type { Db } from '../db/schema.js';
import { apiErrors } from '../errors/api-errors.js';
import { generateId } from '../ids/generate-id.js';
import type { Scope, ScopeInstance } from '../platform/scope.js';
import { runWrite, runWriteAt, type WriteTx } from '../platform/write.js';
import {
  deleteAppOfInstance,
  deleteExpiredPortalTokens,
  findAppByInstance,
  findPortalTokenByHash,
  insertAppIfMissing,
  insertPortalToken,
  markLinkUsed,
} from './svix-app-store.js';
import {
  generatePortalToken,
  hashPortalToken,
  isPortalLinkToken,
  isPortalSessionToken,
  PORTAL_LINK_TTL_MS,
  PORTAL_SESSION_TTL_MS,
  portalTokenHashesEqual,
  type PortalTokenKind,
} from './svix-app-tokens.js';

/** Where the portal page is served; a link carries its token in the fragment (never sent). */
export const PORTAL_PATH = '/castellan/webhooks/portal';

export interface SvixUrl {
  svix_url: string;
}

async function issueToken(
  tx: WriteTx,
  appId: string,
  kind: PortalTokenKind,
): Promise<{ token: string; expiresAt: number }> {
  const token = generatePortalToken(kind);
  const expiresAt = tx.now + (kind === 'link' ? PORTAL_LINK_TTL_MS : PORTAL_SESSION_TTL_MS);
  await insertPortalToken(tx.db, {
    id: generateId('whpt', tx.now),
    instance_id: tx.instanceId,
    app_id: appId,
    kind,
    token_hash: hashPortalToken(token),
    expires_at: expiresAt,
    used_at: null,
    created_at: tx.now,
  });
  return { token, expiresAt };
}

async function portalLink(scope: Scope, tx: WriteTx, appId: string): Promise<SvixUrl> {
  await deleteExpiredPortalTokens(tx.db, tx.instanceId, tx.now);
  const { token } = await issueToken(tx, appId, 'link');
  return { svix_url: `${scope.baseUrl}${PORTAL_PATH}#token=${token}` };
}

/**
 * `CreateSvixApp`: makes the instance's app (`app_…`) unless it has one, and answers a
 * portal link either way: creating twice is not an error (docs/svix-api.md).
 */
export async function createSvixApp(scope: Scope): Promise<SvixUrl> {
  return runWrite(scope, async (tx) => {
    await insertAppIfMissing(tx.db, {
      id: generateId('app', tx.now),
      instance_id: tx.instanceId,
      created_at: tx.now,
      updated_at: tx.now,
    });
    const app = (await findAppByInstance(tx.db, tx.instanceId))!;
    return portalLink(scope, tx, app.id);
  });
}

/** `GenerateSvixAuthURL`: a fresh one-time portal link (15 minutes). */
export async function generateSvixAuthUrl(scope: Scope): Promise<SvixUrl> {
  return runWrite(scope, async (tx) => {
    const app = await findAppByInstance(tx.db, tx.instanceId);
    if (!app) throw apiErrors.svixAppMissing('open a portal for');
    return portalLink(scope, tx, app.id);
  });
}

/** `DeleteSvixApp`: the app, its endpoints with their deliveries and attempts, its tokens. */
export async function deleteSvixApp(scope: Scope): Promise<undefined> {
  await runWrite(scope, async (tx) => {
    if (!(await deleteAppOfInstance(tx.db, tx.instanceId))) {
      throw apiErrors.svixAppMissing('delete');
    }
  });
  return undefined; // 204: no body
}

/** The app of an instance, or undefined. */
export async function findSvixApp(db: Kysely<Db>, instanceId: string) {
  return findAppByInstance(db, instanceId);
}

export interface PortalSession {
  token: string;
  appId: string;
  expiresAt: number;
}

/**
 * Opens a portal session with a one-time link token: valid, unused and unexpired, it is
 * marked used and a session token (12 hours) is answered. Every refusal says why.
 */
export async function exchangePortalLink(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  now: number,
  linkToken: string,
): Promise<PortalSession> {
  const hash = hashPortalToken(linkToken);
  const row = isPortalLinkToken(linkToken) ? await findPortalTokenByHash(db, hash) : undefined;
  if (!row || row.kind !== 'link' || !portalTokenHashesEqual(hash, row.token_hash)) {
    throw apiErrors.portalLinkInvalid();
  }
  if (row.used_at !== null) throw apiErrors.portalLinkUsed();
  if (Number(row.expires_at) <= now) throw apiErrors.portalLinkExpired();
  const target = { db, dialect, instanceId: row.instance_id, request: undefined };
  return runWriteAt(target, now, async (tx) => {
    if (!(await markLinkUsed(tx.db, row.id, tx.now))) throw apiErrors.portalLinkUsed();
    const { token, expiresAt } = await issueToken(tx, row.app_id, 'session');
    return { token, appId: row.app_id, expiresAt };
  });
}

/** The instance and app a live portal session token opens, or undefined. */
export async function resolvePortalSession(
  db: Kysely<Db>,
  now: number,
  token: string,
): Promise<{ instance: ScopeInstance; appId: string } | undefined> {
  if (!isPortalSessionToken(token)) return undefined;
  const hash = hashPortalToken(token);
  const row = await findPortalTokenByHash(db, hash);
  if (!row || row.kind !== 'session' || !portalTokenHashesEqual(hash, row.token_hash)) {
    return undefined;
  }
  if (Number(row.expires_at) <= now) return undefined;
  return {
    appId: row.app_id,
    instance: {
      id: row.instance_id,
      frontendApi: row.instance_frontend_api,
      publishableKey: row.instance_publishable_key,
      environment: row.instance_environment,
    },
  };
}
