import type { FastifyBaseLogger } from 'fastify';
import type { AddressPolicy } from '../outbound/address-policy.js';
import { OutboundError } from '../outbound/outbound-error.js';
import { sendOutboundRequest } from '../outbound/outbound-request.js';
import type { MessageTransport, OutgoingMessage } from '../platform/message-transport.js';
import { logFieldsOf } from './log-transport.js';

export interface SmsWebhookOptions {
  /**
   * Where each SMS is POSTed as JSON (`SMS_WEBHOOK_URL`): the operator's SMS gateway.
   * Credentials in the URL (`https://user:pass@host/…`) are sent as Basic auth.
   */
  url: string;
  /** Bound on the whole exchange (default 10 s). */
  timeoutMs?: number | undefined;
}

/** The request's body: what a gateway needs to send one SMS. */
export interface SmsWebhookBody {
  object: 'sms_message';
  id: string;
  slug: string;
  to: string;
  body: string;
}

/** The URL without credentials or query, for log lines. */
function redactedUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/** Refuses a URL that is not http(s), at start-up rather than at the first SMS. */
export function parseSmsWebhookUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('SMS webhook URL is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`SMS webhook URL must be http(s), not ${url.protocol}`);
  }
  return url;
}

/**
 * SMS through an HTTP gateway: one POST per message with a JSON body (`SmsWebhookBody`),
 * answered by any 2xx for `'sent'`; another status, a timeout or a refused connection is
 * `'failed'` (logged without the body, which carries the code). The URL is the operator's
 * own configuration, so its host may be any address, loopback and private ones included:
 * the address policy allows exactly that host (other outbound requests keep theirs).
 */
export function smsWebhookTransport(
  options: SmsWebhookOptions,
  log: FastifyBaseLogger,
): MessageTransport {
  const url = parseSmsWebhookUrl(options.url);
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const policy: AddressPolicy = { allowLoopback: true, allowPrivate: false, allowHosts: [host] };
  const where = redactedUrl(url);
  return {
    async send(message: OutgoingMessage) {
      const { code: _code, ...fields } = logFieldsOf(message);
      const body: SmsWebhookBody = {
        object: 'sms_message',
        id: message.id,
        slug: message.slug,
        to: message.to,
        body: message.body,
      };
      try {
        const response = await sendOutboundRequest({
          url: url.href,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': 'Castellan' },
          body: JSON.stringify(body),
          timeoutMs: options.timeoutMs ?? 10_000,
          policy,
        });
        if (response.status >= 200 && response.status < 300) {
          log.info(fields, `sms to ${message.to} sent through ${where}`);
          return 'sent';
        }
        log.warn(
          { ...fields, status: response.status },
          `sms to ${message.to} refused by ${where} (HTTP ${response.status})`,
        );
      } catch (error) {
        const reason = error instanceof OutboundError ? error.message : String(error);
        log.warn({ ...fields, reason }, `sms to ${message.to} could not be sent through ${where}`);
      }
      return 'failed';
    },
  };
}
