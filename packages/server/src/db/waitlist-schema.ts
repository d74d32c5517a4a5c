import type { Millis } from './column-types.js';

// Waitlist entries (issue 13). `Db` in schema.ts lists them.
/** A waitlist entry (`wle_…`): one per email address of an instance. */
export interface WaitlistEntriesTable {
  id: string;
  instance_id: string;
  /** As sent (trimmed); `email_lower` is the key an address is found by (unique). */
  email_address: string;
  email_lower: string;
  /** `pending`, `invited`, `rejected`, or `completed` once its invitation is accepted. */
  status: string;
  /** The invitation InviteWaitlistEntry made, or the one accepted; null when none (or gone). */
  invitation_id: string | null;
  /**
   * When the entry was last invited (`order_by=invited_at`); 0 until then, not null, so both
   * dialects sort never-invited entries alike (SQLite puts nulls first, PostgreSQL last).
   */
  invited_at: Millis;
  /** SQLite: the FTS5 rowid of its search document; null in PostgreSQL. */
  search_rowid: number | null;
  created_at: Millis;
  updated_at: Millis;
}

/** The trigram search document of an entry (`query`): its email and its ID, lowercased. */
export interface WaitlistEntrySearchTable {
  waitlist_entry_id: string;
  instance_id: string;
  email: string;
  other: string;
}
