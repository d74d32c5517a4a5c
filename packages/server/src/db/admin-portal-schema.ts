import type { Bool, Json, Millis } from './column-types.js';

/**
 * An admin portal link token (`aplt_…` ID) for one organization; the token itself is stored
 * only as its SHA-256. `scopes` is a JSON array or null.
 */
export interface AdminPortalLinkTokensTable {
  id: string;
  instance_id: string;
  admin_portal_link_id: string;
  organization_id: string;
  it_contact_id: string | null;
  scopes: Json | null;
  token_hash: string;
  /** When the link was first opened (single-use), and the SHA-256 of that browser's cookie. */
  used_at: Millis | null;
  session_hash: string | null;
  revoked: Bool;
  revocation_reason: string | null;
  expiration: Millis;
  created_at: Millis;
  updated_at: Millis;
}
