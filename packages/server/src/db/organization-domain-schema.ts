import type { Bool, Millis } from './column-types.js';

/**
 * A domain claimed by an organization (`orgdmn_…`), unique per organization; once
 * `verified`, unique per instance. `Db` in schema.ts lists it.
 */
export interface OrganizationDomainsTable {
  id: string;
  instance_id: string;
  organization_id: string;
  /** Lowercase ASCII (an internationalized name is stored as punycode). */
  name: string;
  /** `manual_invitation`, `automatic_invitation` or `automatic_suggestion`. */
  enrollment_mode: string;
  /** Whether the affiliation is verified (`affiliation_status` = `verified`). */
  verified: Bool;
  /** The email an affiliation was (or is being) proven with; null when set by the Backend API. */
  affiliation_email_address: string | null;
  /** `unverified` (an attempt pending), `verified` or `failed`; null: never attempted. */
  affiliation_status: string | null;
  affiliation_strategy: string | null;
  affiliation_attempts: number | null;
  /** When a pending affiliation attempt expires (then it reads `expired`). */
  affiliation_expire_at: Millis | null;
  /** `unverified` or `verified`; null until ownership is attempted. */
  ownership_status: string | null;
  /** `txt` or `manual_override`. */
  ownership_strategy: string | null;
  ownership_attempts: number | null;
  ownership_expire_at: Millis | null;
  ownership_verified_at: Millis | null;
  created_at: Millis;
  updated_at: Millis;
}
