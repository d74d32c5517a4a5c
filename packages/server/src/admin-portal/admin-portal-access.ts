import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Db } from '../db/schema.js';
import { toBool } from '../db/values.js';
import { listEnterpriseConnections } from '../enterprise-connections/enterprise-connection-service.js';
import type { Scope } from '../platform/scope.js';
import { runWrite } from '../platform/write.js';
import { hashLinkSecret, LINK_TOKEN_SHAPE, linkDigestsEqual } from './admin-portal-service.js';
import {
  findAdminPortalLinkByHash,
  findOrganizationName,
  lockAdminPortalLinkByHash,
  updateAdminPortalLink,
} from './admin-portal-store.js';

type Connections = Awaited<ReturnType<typeof listEnterpriseConnections>>['data'];

/** What opening a link gives: the organization's connections, or why there is nothing. */
export type PortalAccess =
  | {
      state: 'open';
      organizationName: string;
      connections: Connections;
      /** Set on the first opening: the cookie that lets this browser open the link again. */
      newSession?: { value: string; maxAgeSeconds: number };
    }
  | { state: 'unknown' | 'expired' | 'revoked' | 'used' };

/**
 * Opens a link. The link is single-use: the first opening marks it used and hands that
 * browser a session cookie (stored as its SHA-256); later openings need that cookie, so a
 * link forwarded after use shows nothing. Revoked and expired links show nothing either.
 * `scopeFor` builds the scope of the link's instance (the page has no secret key).
 */
export async function openAdminPortalLink(
  db: Kysely<Db>,
  scopeFor: (instanceId: string) => Promise<Scope | undefined>,
  token: string,
  sessionCookie: string | undefined,
): Promise<PortalAccess> {
  if (!LINK_TOKEN_SHAPE.test(token)) return { state: 'unknown' };
  const hash = hashLinkSecret(token);
  const found = await findAdminPortalLinkByHash(db, hash);
  if (!found || !linkDigestsEqual(hash, found.token_hash)) return { state: 'unknown' };
  const scope = await scopeFor(found.instance_id);
  if (!scope) return { state: 'unknown' };
  const outcome = await runWrite(scope, async (tx) => {
    const row = await lockAdminPortalLinkByHash(tx.db, tx.dialect, hash);
    if (!row) return { state: 'unknown' as const };
    if (toBool(row.revoked)) return { state: 'revoked' as const };
    const expiration = Number(row.expiration);
    if (expiration <= tx.now) return { state: 'expired' as const };
    if (row.session_hash === null) {
      const value = randomBytes(32).toString('hex');
      await updateAdminPortalLink(tx.db, row.id, {
        used_at: tx.now,
        session_hash: hashLinkSecret(value),
        updated_at: tx.now,
      });
      const maxAgeSeconds = Math.max(1, Math.floor((expiration - tx.now) / 1000));
      return { state: 'open' as const, row, newSession: { value, maxAgeSeconds } };
    }
    const presented = sessionCookie ? hashLinkSecret(sessionCookie) : '';
    if (!linkDigestsEqual(presented, row.session_hash)) return { state: 'used' as const };
    return { state: 'open' as const, row };
  });
  if (outcome.state !== 'open') return outcome;
  const organizationId = outcome.row.organization_id;
  const [organizationName, list] = await Promise.all([
    findOrganizationName(scope.db, scope.instanceId, organizationId),
    listEnterpriseConnections(scope, { organization_id: organizationId, limit: 500, offset: 0 }),
  ]);
  if (organizationName === undefined) return { state: 'unknown' };
  return {
    state: 'open',
    organizationName,
    connections: list.data,
    ...(outcome.newSession ? { newSession: outcome.newSession } : {}),
  };
}
