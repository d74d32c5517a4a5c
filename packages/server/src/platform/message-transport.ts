/**
 * An email or SMS on its way out. Services record it (table `messages`) inside their write
 * and hand it to the scope's transport after the write commits, so no transaction is held
 * open on network I/O.
 */
export interface OutgoingMessage {
  /** The message's ID (`ema_…` / `sms_…`), as recorded. */
  id: string;
  channel: 'email' | 'sms';
  /** What kind of message: `verification_code`, `primary_email_address_changed`. */
  slug: string;
  /** An email address or an E.164 phone number. */
  to: string;
  /** Emails only. */
  subject: string | null;
  /** The plain-text body, as sent. */
  body: string;
  /** A one-time code the message carries, for the development log line. */
  code?: string | undefined;
  /**
   * Whether the transport gets it: `false` when its template is not delivered by Castellan
   * (`delivered_by_clerk: false`, the app sends it from the event) or is switched off.
   */
  handOff: boolean;
}

/** Delivers messages: to the server log (the default), an SMTP server, or a test's inbox. */
export interface MessageTransport {
  /** Resolves `'sent'` or `'failed'`; never throws (a failed delivery is logged). */
  send(message: OutgoingMessage): Promise<'sent' | 'failed'>;
}
