import { generateId } from '../ids/generate-id.js';
import type { OutgoingMessage } from '../platform/message-transport.js';
import type { Scope } from '../platform/scope.js';
import { runWrite, type WriteTx } from '../platform/write.js';
import { insertMessage, updateMessageStatus } from './message-store.js';

/** What a service asks to send; `recordMessage` gives it an ID and records it. */
export interface MessageDraft {
  channel: 'email' | 'sms';
  slug: string;
  to: string;
  subject: string | null;
  body: string;
  userId: string | null;
  /** The email address or phone number the message goes to, when it is one of a user's. */
  identificationId: string | null;
  code?: string | undefined;
}

/**
 * Records a message inside the write that makes it (table `messages`, status `queued`) with
 * its webhook event (`email.created` / `sms.created`, payloads as in Clerk's webhooks spec):
 * if the write rolls back, nothing was sent. Deliver it with `deliverMessages` once the write
 * has committed.
 */
export async function recordMessage(tx: WriteTx, draft: MessageDraft): Promise<OutgoingMessage> {
  const id = generateId(draft.channel === 'email' ? 'ema' : 'sms', tx.now);
  const data = draft.code !== undefined ? { otp_code: draft.code } : {};
  await insertMessage(tx.db, {
    id,
    instance_id: tx.instanceId,
    channel: draft.channel,
    slug: draft.slug,
    to_address: draft.to,
    subject: draft.subject,
    body: draft.body,
    user_id: draft.userId,
    identification_id: draft.identificationId,
    data: JSON.stringify(data),
    status: 'queued',
    created_at: tx.now,
    updated_at: tx.now,
  });
  if (draft.channel === 'email') {
    await tx.emit('email.created', {
      object: 'email',
      id,
      slug: draft.slug,
      from_email_name: 'no-reply',
      reply_to_email_name: null,
      to_email_address: draft.to,
      email_address_id: draft.identificationId,
      user_id: draft.userId,
      subject: draft.subject ?? '',
      body: draft.body,
      body_plain: draft.body,
      status: 'queued',
      data,
      delivered_by_clerk: false,
      created_at: tx.now,
    });
  } else {
    await tx.emit('sms.created', {
      object: 'sms_message',
      id,
      slug: draft.slug,
      from_phone_number: '',
      to_phone_number: draft.to,
      phone_number_id: draft.identificationId,
      user_id: draft.userId,
      message: draft.body,
      status: 'queued',
      data,
      delivered_by_clerk: false,
      created_at_ms: tx.now,
    });
  }
  return {
    id,
    channel: draft.channel,
    slug: draft.slug,
    to: draft.to,
    subject: draft.subject,
    body: draft.body,
    code: draft.code,
  };
}

/**
 * Hands committed messages to the scope's transport, then records each outcome (`sent` /
 * `failed`). A failed delivery fails nothing else: the write that made the message (a
 * verification, say) stands, and preparing again sends a new code.
 */
export async function deliverMessages(scope: Scope, messages: OutgoingMessage[]): Promise<void> {
  for (const message of messages) {
    const status = await scope.transport.send(message);
    await runWrite(scope, (tx) =>
      updateMessageStatus(tx.db, tx.instanceId, message.id, status, tx.now),
    );
  }
}
