import type { Kysely } from 'kysely';
import type { DialectAdapter } from '../db/dialect.js';
import type { Db } from '../db/schema.js';
import type { FileStore } from '../files/file-store.js';
import type { RequestContext } from '../outbox/outbox-store.js';
import type { SecretBox } from '../secrets/secret-box.js';
import type { Clock } from './clock.js';
import type { MessageTransport } from './message-transport.js';

/**
 * What every operation of an instance needs, resolved once per request by the secret-key
 * hook: the database (for reads; writes go through `runWrite`), what differs between the
 * dialects, the secrets box (sealed columns, ADR 0003), the clock every time-dependent rule
 * reads, the caller's instance, who made the request (for webhook events), the file store,
 * the server's base URL and where messages go.
 */
/** What a request knows of its instance without a query (resolved with the secret key). */
export interface ScopeInstance {
  readonly id: string;
  /** The instance's Frontend API host (`clerk.example.com`): the `iss` of its tokens is `https://<frontendApi>`. */
  readonly frontendApi: string;
  readonly publishableKey: string;
  /** Development instances allow loopback URLs and use test keys; production ones do not. */
  readonly environment: 'development' | 'production';
}

export interface Scope {
  readonly db: Kysely<Db>;
  readonly dialect: DialectAdapter;
  readonly secrets: SecretBox;
  readonly clock: Clock;
  readonly instanceId: string;
  /** The caller's instance (`instance.id === instanceId`). */
  readonly instance: ScopeInstance;
  readonly request: RequestContext | undefined;
  /** Where uploaded files (profile images) are kept. */
  readonly files: FileStore;
  /** Where clients reach this server, for the URLs in answers (`image_url`); no trailing slash. */
  readonly baseUrl: string;
  /** Where emails and SMS go once the write that made them has committed. */
  readonly transport: MessageTransport;
  /**
   * Set when the request authenticated with a machine secret key rather than the instance's
   * secret key (only the M2M token operations accept one): the calling machine.
   */
  readonly machine?: { readonly id: string } | undefined;
}

/**
 * The `iss` of every token an instance signs (session, template and client tokens): its
 * Frontend API's origin. Signing and verifying both read it here, so they cannot disagree.
 */
export function tokenIssuer(instance: ScopeInstance): string {
  return `https://${instance.frontendApi}`;
}
