import { generateId } from '../ids/generate-id.js';
import type { OutgoingMessage } from '../platform/message-transport.js';
import type { Scope } from '../platform/scope.js';
import { runWrite, type WriteTx } from '../platform/write.js';
import { renderMessage } from '../templates/template-rendering.js';
import type { TemplateVariables } from '../templates/template-renderer.js';
import { messageEventOf } from './message-events.js';
import { insertMessage, updateMessageStatus } from './message-store.js';

/** What a service asks to send; `recordMessage` renders it, gives it an ID and records it. */
export interface MessageDraft {
  channel: 'email' | 'sms';
  /** The template it is rendered with (`verification_code`, `organization_invitation`, …). */
  slug: string;
  to: string;
  /** The values its template's placeholders read, beside `{{app}}` and `{{requested_at}}`. */
  variables: TemplateVariables;
  userId: string | null;
  /** The email address or phone number the message goes to, when it is one of a user's. */
  identificationId: string | null;
  code?: string | undefined;
}

/** The status of a message Castellan leaves to the app (`delivered_by_clerk: false`). */
export const DELIVERED_BY_APP = 'delivered_by_app';

/**
 * Renders the draft through the instance's template and records it inside the write that
 * makes it (table `messages`) with its webhook event (`email.created` / `sms.created`,
 * payloads as in Clerk's webhooks spec, `data` the template's variables): if the write rolls
 * back, nothing was sent. A template delivered by Castellan records `queued` and is handed
 * to the transport by `deliverMessages` once the write has committed; one delivered by the
 * app records `delivered_by_app` and only the event tells of it. A switched-off template
 * (notification SMS, `enabled: false`) records and emits nothing.
 */
export async function recordMessage(tx: WriteTx, draft: MessageDraft): Promise<OutgoingMessage> {
  const id = generateId(draft.channel === 'email' ? 'ema' : 'sms', tx.now);
  const rendered = await renderMessage(tx.db, tx.instanceId, { ...draft, now: tx.now });
  const outgoing: OutgoingMessage = {
    id,
    channel: draft.channel,
    slug: draft.slug,
    to: draft.to,
    subject: rendered.subject,
    body: rendered.body,
    code: draft.code,
    handOff: rendered.enabled && rendered.deliveredByClerk,
  };
  if (!rendered.enabled) return outgoing;
  await insertMessage(tx.db, {
    id,
    instance_id: tx.instanceId,
    channel: draft.channel,
    slug: draft.slug,
    to_address: draft.to,
    subject: rendered.subject,
    body: rendered.body,
    user_id: draft.userId,
    identification_id: draft.identificationId,
    data: JSON.stringify(rendered.data),
    status: rendered.deliveredByClerk ? 'queued' : DELIVERED_BY_APP,
    created_at: tx.now,
    updated_at: tx.now,
  });
  await tx.emit(...messageEventOf(outgoing, draft, rendered, tx.now));
  return outgoing;
}

/**
 * Hands committed messages to the scope's transport (those Castellan delivers), then records each outcome (`sent` /
 * `failed`). A failed delivery fails nothing else: the write that made the message (a
 * verification, say) stands, and preparing again sends a new code.
 */
export async function deliverMessages(scope: Scope, messages: OutgoingMessage[]): Promise<void> {
  for (const message of messages) {
    if (!message.handOff) continue;
    const status = await scope.transport.send(message);
    await runWrite(scope, (tx) =>
      updateMessageStatus(tx.db, tx.instanceId, message.id, status, tx.now),
    );
  }
}
