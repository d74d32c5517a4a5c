import type { OutgoingMessage } from '../platform/message-transport.js';
import type { RenderedMessage } from '../templates/template-rendering.js';

/**
 * The `email.created` / `sms.created` event of a recorded message, shaped as the webhooks
 * spec's `EmailEventPayload` / `SmsEventPayload`. `status` is `queued` as Clerk's: the event
 * tells of the message's creation; `delivered_by_clerk` says who sends it.
 */
export function messageEventOf(
  message: OutgoingMessage,
  draft: { userId: string | null; identificationId: string | null },
  rendered: RenderedMessage,
  now: number,
): [type: string, data: Record<string, unknown>] {
  if (message.channel === 'email') {
    return [
      'email.created',
      {
        object: 'email',
        id: message.id,
        slug: message.slug,
        from_email_name: rendered.fromEmailName,
        reply_to_email_name: rendered.replyToEmailName,
        to_email_address: message.to,
        email_address_id: draft.identificationId,
        user_id: draft.userId,
        subject: message.subject ?? '',
        body: message.body,
        body_plain: message.body,
        status: 'queued',
        data: rendered.data,
        delivered_by_clerk: rendered.deliveredByClerk,
        created_at: now,
      },
    ];
  }
  return [
    'sms.created',
    {
      object: 'sms_message',
      id: message.id,
      slug: message.slug,
      from_phone_number: '',
      to_phone_number: message.to,
      phone_number_id: draft.identificationId,
      user_id: draft.userId,
      message: message.body,
      status: 'queued',
      data: rendered.data,
      delivered_by_clerk: rendered.deliveredByClerk,
      created_at_ms: now,
    },
  ];
}
