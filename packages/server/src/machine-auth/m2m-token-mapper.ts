import type { ResponseBody } from '@castellan/contract';
import { parseJson, toBool } from '../db/values.js';
import type { M2MTokenRow } from './m2m-token-store.js';

export type M2MToken = ResponseBody<'verifyM2MToken', '200'>;
export type CreatedM2MToken = ResponseBody<'createM2MToken', '201'>;

/** The `cat` header `@clerk/backend` expects on an M2M JWT (`JWT_CATEGORY_M2M_TOKEN`). */
export const M2M_JWT_CATEGORY = 'cl_B7d4PD333AAA';
/** Claims an M2M JWT sets itself: a caller's `claims` cannot replace them. */
export const RESERVED_CLAIMS = new Set(['iss', 'sub', 'exp', 'nbf', 'iat', 'jti', 'scopes']);
export const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export const tokenLocation = (id: string) => ({ table: 'm2m_tokens', column: 'token', rowId: id });

export function m2mTokenToApi(row: M2MTokenRow, now: number): M2MToken {
  const expiration = row.expiration === null ? null : Number(row.expiration);
  return {
    object: 'machine_to_machine_token',
    id: row.id,
    subject: row.machine_id,
    claims: parseJson(row.claims),
    scopes: parseJson<string[]>(row.scopes),
    revoked: toBool(row.revoked),
    revocation_reason: row.revocation_reason,
    expired: expiration !== null && expiration <= now,
    expiration,
    last_used_at: row.last_used_at === null ? null : Number(row.last_used_at),
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
  };
}
