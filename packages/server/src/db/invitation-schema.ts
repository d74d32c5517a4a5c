import type { Json, Millis } from './column-types.js';

// Instance invitations (issue 9, part E). `Db` in schema.ts lists them.
/** An invitation to sign up (`inv_…`); its ticket is kept as a hash, never in clear. */
export interface InvitationsTable {
  id: string;
  instance_id: string;
  /** As sent (trimmed); `email_lower` is the key duplicates are found by. */
  email_address: string;
  email_lower: string;
  /** Handed to the user the invitation signs up. */
  public_metadata: Json;
  /** Where the accept link leads; null for the instance's sign-up page. */
  redirect_url: string | null;
  /** SHA-256 (hex) of the ticket in the invitation's URL. */
  token_hash: string;
  /** `pending`, `accepted` or `revoked`; a pending one past `expires_at` is expired. */
  status: string;
  expires_at: Millis;
  /** SQLite: the FTS5 rowid of its search document; null in PostgreSQL. */
  search_rowid: number | null;
  created_at: Millis;
  updated_at: Millis;
}

/** The trigram search document of an invitation (`query`): its email and its ID, lowercased. */
export interface InvitationSearchTable {
  invitation_id: string;
  instance_id: string;
  email: string;
  other: string;
}

/** One row per invited address: the row a create locks while it checks for duplicates. */
export interface InvitationEmailsTable {
  instance_id: string;
  email_lower: string;
}
