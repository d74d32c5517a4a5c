import type { FastifyBaseLogger } from 'fastify';
import type { MessageTransport } from '../platform/message-transport.js';
import { logTransport } from './log-transport.js';
import { smtpTransport, type SmtpOptions } from './smtp-transport.js';

/**
 * The server's transport: emails over SMTP when an SMTP URL is configured, else to the log;
 * SMS always to the log (there is no SMS provider). Every message is also recorded in the
 * database by the write that made it, whatever the transport.
 */
export function createMessageTransport(
  smtp: SmtpOptions | undefined,
  log: FastifyBaseLogger,
): MessageTransport {
  const logged = logTransport(log);
  if (!smtp) return logged;
  const email = smtpTransport(smtp, log);
  return {
    send: (message) => (message.channel === 'email' ? email : logged).send(message),
  };
}
