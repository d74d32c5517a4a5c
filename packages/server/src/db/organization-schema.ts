import type { Generated } from 'kysely';
import type { Bool, Json, Millis } from './column-types.js';

// Tables of organizations (issue 9): roles and permissions, role sets, organizations and
// their memberships. `Db` in schema.ts lists them.

/** A permission (`perm_…`): Clerk's system ones (`org:sys_…`, type `system`) or the instance's own (`user`). */
export interface PermissionsTable {
  id: string;
  instance_id: string;
  /** `org:<feature>:<permission>`, unique per instance. */
  key: string;
  name: string;
  description: string;
  /** `system` or `user`. */
  type: string;
  created_at: Millis;
  updated_at: Millis;
}

/** An organization role (`role_…`): `org:admin`, `org:member` and the instance's own. */
export interface RolesTable {
  id: string;
  instance_id: string;
  /** `org:<name>`, unique per instance. */
  key: string;
  name: string;
  description: string | null;
  created_at: Millis;
  updated_at: Millis;
}

/** Which permissions a role grants. */
export interface RolePermissionsTable {
  role_id: string;
  permission_id: string;
  instance_id: string;
}

/** A role set (`rs_…`): the roles an organization may give its members. */
export interface RoleSetsTable {
  id: string;
  instance_id: string;
  /** `role_set:<name>`, unique per instance. */
  key: string;
  name: string;
  description: string | null;
  /** `initial` (new organizations get it; one per instance) or `custom`. */
  type: string;
  default_role_id: string | null;
  creator_role_id: string | null;
  created_at: Millis;
  updated_at: Millis;
}

/** The roles of a role set. */
export interface RoleSetRolesTable {
  role_set_id: string;
  role_id: string;
  instance_id: string;
  created_at: Millis;
}

/** An organization (`org_…`). */
export interface OrganizationsTable {
  id: string;
  instance_id: string;
  name: string;
  /** `name` lowercased: `order_by=name` and `query`. */
  name_lower: string;
  /** Unique per instance; lowercase letters, digits and dashes. */
  slug: string;
  /** The uploaded logo (`images.id`); `null`: none. */
  image_id: string | null;
  /** 0: unlimited. */
  max_allowed_memberships: number;
  admin_delete_enabled: Bool;
  public_metadata: Json;
  private_metadata: Json;
  /** The user ID of its creator, if one was given. */
  created_by: string | null;
  /** The role set its members' roles come from; null: the instance's initial role set. */
  role_set_id: string | null;
  /** Kept exact by every write that adds or removes a membership (organization row locked). */
  members_count: Generated<number>;
  last_active_at: Millis | null;
  created_at: Millis;
  updated_at: Millis;
}

/** A user's membership of an organization (`orgmem_…`), unique per organization and user. */
export interface OrganizationMembershipsTable {
  id: string;
  instance_id: string;
  organization_id: string;
  user_id: string;
  role_id: string;
  public_metadata: Json;
  private_metadata: Json;
  created_at: Millis;
  updated_at: Millis;
}

/** An invitation to join an organization (`orginv_…`). */
export interface OrganizationInvitationsTable {
  id: string;
  instance_id: string;
  organization_id: string;
  email_address: string;
  email_lower: string;
  role_id: string;
  /** The inviting user; null when none was given, or once that user is deleted. */
  inviter_id: string | null;
  /** `pending`, `accepted` or `revoked`; a pending one past `expires_at` reads `expired`. */
  status: string;
  public_metadata: Json;
  private_metadata: Json;
  redirect_url: string | null;
  /** SHA-256 (hex) of the invitation's ticket; the ticket itself is never stored. */
  token_hash: string;
  expires_at: Millis | null;
  created_at: Millis;
  updated_at: Millis;
  // Added by the migration 2026-12-07T11-invitations-c (part C):
  /** The verified domain that sent it by itself (`automatic_invitation`); null: sent by a request. */
  organization_domain_id: string | null;
  /** SQLite: the FTS5 rowid of its search document; PostgreSQL: null (keyed by ID). */
  search_rowid: number | null;
}
