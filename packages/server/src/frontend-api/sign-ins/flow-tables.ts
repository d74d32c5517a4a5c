import type { Selectable } from 'kysely';
import type { Json, Millis } from '../../db/column-types.js';

/**
 * The tables of the Frontend API's flows (migration 2026-12-07T25-sign-ins). They join `Db`
 * by augmentation, so the flows' stores are typed like every other store.
 */

/** A browser's sign-in attempt (`sia_…`); `status` as stored, `abandoned` read from the time. */
export interface SignInsTable {
  id: string;
  instance_id: string;
  client_id: string;
  /** The user the identifier named; null until identified. */
  user_id: string | null;
  identifier: string | null;
  status: string;
  /** The first factor's verification as the API shows it; null before one is prepared. */
  first_factor_verification: Json | null;
  second_factor_verification: Json | null;
  first_factor_verified_at: Millis | null;
  created_session_id: string | null;
  abandon_at: Millis;
  created_at: Millis;
  updated_at: Millis;
}

/** A code a flow sent (hashed): one per flow and purpose; preparing again replaces it. */
export interface FlowCodesTable {
  id: string;
  instance_id: string;
  /** The sign-up (`sua_…`) or sign-in (`sia_…`) it was sent for. */
  flow_id: string;
  /** `email_address` / `phone_number` (sign-up), `first_factor` (sign-in). */
  purpose: string;
  /** The email address or phone number (`idn_…`) it went to, for a sign-in. */
  identification_id: string | null;
  code_hash: string;
  expire_at: Millis;
  created_at: Millis;
}

declare module '../../db/schema.js' {
  interface Db {
    sign_ins: SignInsTable;
    flow_codes: FlowCodesTable;
  }
}

export type SignInRow = Selectable<SignInsTable>;
export type FlowCodeRow = Selectable<FlowCodesTable>;
