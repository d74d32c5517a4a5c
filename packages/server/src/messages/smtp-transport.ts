import type { FastifyBaseLogger } from 'fastify';
import type { MessageTransport, OutgoingMessage } from '../platform/message-transport.js';
import { logFieldsOf } from './log-transport.js';

export interface SmtpOptions {
  /** `smtp://user:pass@host:587` or `smtps://…` (nodemailer's connection URL). */
  url: string;
  /** The `From` header (default `Castellan <no-reply@localhost>`). */
  from?: string | undefined;
  /** Bound on connecting, the greeting and each socket read (default 10 s). */
  timeoutMs?: number | undefined;
}

/**
 * Emails through an SMTP server (nodemailer). A request waits for the server's answer, so
 * every step is bounded by `timeoutMs`: a stuck mail server costs a request at most that,
 * never a hung one. A failure is logged (without the code) and reported as `'failed'`.
 */
export function smtpTransport(options: SmtpOptions, log: FastifyBaseLogger): MessageTransport {
  const timeout = options.timeoutMs ?? 10_000;
  // Loaded once SMTP is configured: a server that logs its messages never loads nodemailer.
  const mailer = import('nodemailer').then(({ default: nodemailer }) =>
    nodemailer.createTransport({
      url: options.url,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    }),
  );
  const from = options.from ?? 'Castellan <no-reply@localhost>';
  return {
    async send(message: OutgoingMessage) {
      const { code: _code, ...fields } = logFieldsOf(message);
      try {
        await (
          await mailer
        ).sendMail({
          from,
          to: message.to,
          subject: message.subject ?? '',
          text: message.body,
        });
        log.info(fields, `email to ${message.to} sent over SMTP`);
        return 'sent';
      } catch (err) {
        log.warn({ ...fields, err }, `email to ${message.to} could not be sent over SMTP`);
        return 'failed';
      }
    },
  };
}
