import { parseJson } from '../db/values.js';
import type { MessageDraft } from '../messages/message-service.js';
import { primaryEmailChangedEmail } from '../messages/message-templates.js';
import type { EmailRow, UserRowWithIdentifications } from './user-rows.js';

/**
 * The email that tells the user's primary address, as it was before the write, that `next`
 * replaces it (`notify_primary_email_address_changed`); none when there was no primary or
 * `next` is the primary already.
 */
export function primaryEmailChangeNotice(
  user: UserRowWithIdentifications,
  next: { id: string; address: string },
): MessageDraft | undefined {
  const previousId = user.primary_email_address_id;
  if (previousId === null || previousId === next.id) return undefined;
  const previous = (parseJson<EmailRow[] | null>(user.emails) ?? []).find(
    (e) => e.id === previousId,
  );
  if (!previous) return undefined;
  return primaryEmailChangedEmail(
    { id: previous.id, address: previous.email_address },
    next.address,
    user.id,
  );
}
