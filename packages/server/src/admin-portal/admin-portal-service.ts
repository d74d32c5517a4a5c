import type { RequestBody, ResponseBody } from '@castellan/contract';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { parseJson, toBool } from '../db/values.js';
import { apiErrors } from '../errors/api-errors.js';
import type { Scope } from '../platform/scope.js';
import { runWrite } from '../platform/write.js';
import {
  type AdminPortalLinkRow,
  findOrganizationName,
  insertAdminPortalLink,
  lockAdminPortalLink,
  updateAdminPortalLink,
} from './admin-portal-store.js';

type CreatedLink = ResponseBody<'createAdminPortalLinkToken', '201'>;
type RevokedLink = ResponseBody<'revokeAdminPortalLinkToken', '200'>;

/** The token in the link: `aplt_` + 64 hex digits (256 random bits). */
export const LINK_TOKEN_SHAPE = /^aplt_[0-9a-f]{64}$/;

/** Where the link's page is: the spec's answer has no URL, so clients build it from `token`. */
export function adminPortalUrl(baseUrl: string, token: string): string {
  return `${baseUrl}/castellan/admin-portal/${token}`;
}

export function hashLinkSecret(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function linkDigestsEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a, 'hex');
  const bb = Buffer.from(b, 'hex');
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/**
 * `POST /v1/admin_portal_link_tokens`: a single-use link to the admin portal page of one
 * organization of the instance (`organization_id` is required: the page shows that
 * organization's enterprise connections). Expires after `seconds_until_expiration` (default
 * 3600, at most 86400). The token is in this answer only; it is stored as its SHA-256.
 */
export async function createAdminPortalLinkToken(
  scope: Scope,
  body: RequestBody<'createAdminPortalLinkToken'>,
): Promise<CreatedLink> {
  const organizationId = body.organization_id;
  if (organizationId === undefined) throw apiErrors.paramMissing('organization_id');
  const token = `aplt_${randomBytes(32).toString('hex')}`;
  return runWrite(scope, async (tx) => {
    if ((await findOrganizationName(tx.db, tx.instanceId, organizationId)) === undefined) {
      throw apiErrors.adminPortalOrganizationNotFound(organizationId);
    }
    const scopesJson = body.scopes === undefined ? null : JSON.stringify(body.scopes);
    const row: AdminPortalLinkRow = {
      id: `aplt_${randomBytes(16).toString('hex')}`,
      instance_id: tx.instanceId,
      admin_portal_link_id: adminPortalLinkId(tx.instanceId),
      organization_id: organizationId,
      it_contact_id: body.it_contact_id ?? null,
      scopes: scopesJson,
      token_hash: hashLinkSecret(token),
      used_at: null,
      session_hash: null,
      revoked: false,
      revocation_reason: null,
      expiration: tx.now + (body.seconds_until_expiration ?? 3600) * 1000,
      created_at: tx.now,
      updated_at: tx.now,
    };
    await insertAdminPortalLink(tx.db, { ...row, scopes: scopesJson });
    return { ...adminPortalLinkToApi(row, tx.now), token };
  });
}

/** `POST /v1/admin_portal_link_tokens/{id}/revoke`: idempotent (the first reason stays). */
export async function revokeAdminPortalLinkToken(
  scope: Scope,
  id: string,
  body: RequestBody<'revokeAdminPortalLinkToken'>,
): Promise<RevokedLink> {
  return runWrite(scope, async (tx) => {
    const row = await lockAdminPortalLink(tx.db, tx.dialect, tx.instanceId, id);
    if (!row) throw apiErrors.notFound('admin_portal_link_token', id);
    if (toBool(row.revoked)) return adminPortalLinkToApi(row, tx.now);
    const changes = {
      revoked: true,
      revocation_reason: body.revocation_reason ?? null,
      updated_at: tx.now,
    };
    await updateAdminPortalLink(tx.db, row.id, changes);
    return adminPortalLinkToApi({ ...row, ...changes }, tx.now);
  });
}

function adminPortalLinkToApi(row: AdminPortalLinkRow, now: number): RevokedLink {
  const expiration = Number(row.expiration);
  return {
    object: 'admin_portal_link_token',
    id: row.id,
    admin_portal_link_id: row.admin_portal_link_id,
    instance_id: row.instance_id,
    organization_id: row.organization_id,
    it_contact_id: row.it_contact_id,
    scopes: row.scopes === null ? null : parseJson<string[]>(row.scopes),
    revoked: toBool(row.revoked),
    revocation_reason: row.revocation_reason,
    expired: expiration <= now,
    expiration,
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
  };
}

/**
 * The spec's "origin-level admin_portal_link" (`apl_` + 27 word characters): Castellan has one
 * portal per instance, so its ID is derived from the instance's and the same for every token.
 */
function adminPortalLinkId(instanceId: string): string {
  return `apl_${createHash('sha256').update(`admin-portal:${instanceId}`).digest('hex').slice(0, 27)}`;
}
