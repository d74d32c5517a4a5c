/** An invitation's status as the API shows it. */
export type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'expired';

/**
 * An invitation's status at `now`. Accepting and revoking are stored; time expires a pending
 * invitation by itself, so `expired` is read from `expires_at`, as a session's expiry is.
 */
export function invitationStatusAt(
  row: { status: string; expires_at: number },
  now: number,
): InvitationStatus {
  const status = row.status as Exclude<InvitationStatus, 'expired'>;
  return status === 'pending' && now >= row.expires_at ? 'expired' : status;
}

/** Clerk's default: an invitation is valid for 30 days. */
export const DEFAULT_INVITATION_DAYS = 30;

export const DAY_MS = 24 * 60 * 60 * 1000;
