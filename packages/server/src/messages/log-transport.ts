import type { FastifyBaseLogger } from 'fastify';
import type { MessageTransport, OutgoingMessage } from '../platform/message-transport.js';

/**
 * The development transport: one info line per message, with its code, so a developer
 * running `npx castellan` can read the code a flow needs without any mail server. Nothing
 * leaves the machine. SMS always go here: Castellan has no SMS provider.
 */
export function logTransport(log: FastifyBaseLogger): MessageTransport {
  return {
    async send(message: OutgoingMessage) {
      log.info(logFieldsOf(message), `${message.channel} to ${message.to} (logged, not sent)`);
      return 'sent';
    },
  };
}

/** What a log line says of a message: never its body beyond the code it carries. */
export function logFieldsOf(message: OutgoingMessage) {
  return {
    message_id: message.id,
    channel: message.channel,
    slug: message.slug,
    to: message.to,
    ...(message.code !== undefined ? { code: message.code } : {}),
  };
}
