import type { FastifyBaseLogger } from 'fastify';
import type { MessageTransport } from '../platform/message-transport.js';
import { logTransport } from './log-transport.js';
import { smsWebhookTransport, type SmsWebhookOptions } from './sms-webhook-transport.js';
import { smtpTransport, type SmtpOptions } from './smtp-transport.js';

export interface MessageTransportOptions {
  /** Emails over SMTP (`SMTP_URL`); without it they go to the log. */
  smtp?: SmtpOptions | undefined;
  /** SMS POSTed to an HTTP gateway (`SMS_WEBHOOK_URL`); without it they go to the log. */
  sms?: SmsWebhookOptions | undefined;
}

/**
 * The server's transport: emails over SMTP when an SMTP URL is configured, SMS to an HTTP
 * gateway when an SMS URL is, each else to the log. Every message is also recorded in the
 * database by the write that made it, whatever the transport.
 */
export function createMessageTransport(
  options: MessageTransportOptions,
  log: FastifyBaseLogger,
): MessageTransport {
  const logged = logTransport(log);
  const email = options.smtp ? smtpTransport(options.smtp, log) : logged;
  const sms = options.sms ? smsWebhookTransport(options.sms, log) : logged;
  return {
    send: (message) => (message.channel === 'email' ? email : sms).send(message),
  };
}
