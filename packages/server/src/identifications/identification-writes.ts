import { deliverMessages, recordMessage, type MessageDraft } from '../messages/message-service.js';
import type { OutgoingMessage } from '../platform/message-transport.js';
import type { Scope } from '../platform/scope.js';
import { runWrite, type WriteTx } from '../platform/write.js';
import { refreshIdentificationSnapshots } from '../users/identification-snapshots.js';
import type { User } from '../users/user-mapper.js';
import type { UserRowWithIdentifications } from '../users/user-rows.js';
import { lockExistingUser, writeUser } from '../users/user-writes.js';

/** The primary pointers a write may move; the snapshot refresh applies them. */
export interface PrimaryPatch {
  primary_email_address_id?: string;
  primary_phone_number_id?: string;
}

/** What the work of an identification write gets. */
export interface IdentificationWork {
  tx: WriteTx;
  /** The owner, locked for the write (as it was before the change). */
  user: UserRowWithIdentifications;
  /** Makes an identification the user's primary when the snapshots are rebuilt. */
  setPrimary(patch: PrimaryPatch): void;
  /** Records a message in the write; it is delivered once the write has committed. */
  send(draft: MessageDraft): Promise<OutgoingMessage>;
}

/**
 * One write to a user's email addresses or phone numbers: locks the owner (404 if it is
 * gone), runs `work`, and, when the write changes the user (`changesUser`), rebuilds the
 * identification snapshots and the search document and records `user.updated` with the user
 * as it is after. Messages the work recorded are delivered after the commit.
 */
export async function writeIdentifications<T>(
  scope: Scope,
  userId: string,
  changesUser: boolean,
  work: (w: IdentificationWork) => Promise<T>,
): Promise<{ user: User | undefined; value: T }> {
  const outgoing: OutgoingMessage[] = [];
  let value!: T;
  const run = async (tx: WriteTx) => {
    const user = await lockExistingUser(tx, userId);
    let primaries: PrimaryPatch = {};
    value = await work({
      tx,
      user,
      setPrimary: (patch) => void (primaries = { ...primaries, ...patch }),
      send: async (draft) => {
        const message = await recordMessage(tx, draft);
        outgoing.push(message);
        return message;
      },
    });
    return { user, primaries };
  };
  let user: User | undefined;
  if (changesUser) {
    user = await writeUser(scope, 'user.updated', true, async (tx) => {
      const { user: locked, primaries } = await run(tx);
      await refreshIdentificationSnapshots(tx, { ...locked, ...primaries });
      return userId;
    });
  } else {
    await runWrite(scope, run);
  }
  await deliverMessages(scope, outgoing);
  return { user, value };
}
