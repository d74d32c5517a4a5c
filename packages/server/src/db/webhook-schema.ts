import type { Bool, Json, Millis } from './column-types.js';

/** An instance's webhook app (Clerk's Svix app): at most one per instance. */
export interface WebhookAppsTable {
  id: string;
  instance_id: string;
  created_at: Millis;
  updated_at: Millis;
}

/** Where an instance's events are POSTed, signed with the endpoint's secret. */
export interface WebhookEndpointsTable {
  id: string;
  instance_id: string;
  app_id: string;
  uid: string | null;
  url: string;
  description: string;
  version: number;
  rate_limit: number | null;
  disabled: Bool;
  /** `manual` or `failing`; null while enabled. */
  disabled_reason: string | null;
  /** Event types delivered (JSON array), or null for all. */
  filter_types: Json | null;
  channels: Json | null;
  metadata: Json;
  /** `whsec_…`, sealed: open with the secret box at `webhook_endpoints.secret`. */
  secret: string;
  /** Sealed at `webhook_endpoints.previous_secret`; signs too until it expires. */
  previous_secret: string | null;
  previous_secret_expires_at: Millis | null;
  failing_since: Millis | null;
  lease_until: Millis | null;
  lease_owner: string | null;
  created_at: Millis;
  updated_at: Millis;
}

/** One event on its way to one endpoint. */
export interface WebhookDeliveriesTable {
  id: string;
  instance_id: string;
  endpoint_id: string;
  outbox_id: number;
  message_id: string;
  event_type: string;
  /** `pending`, `success` or `failed`. */
  status: string;
  attempt_count: number;
  next_attempt_at: Millis | null;
  last_attempt_at: Millis | null;
  /** A replay asked for: one manual attempt due then, outside the schedule and the order. */
  replay_at: Millis | null;
  created_at: Millis;
  updated_at: Millis;
}

/** One POST of a delivery and what the endpoint answered. */
export interface WebhookAttemptsTable {
  id: string;
  instance_id: string;
  delivery_id: string;
  endpoint_id: string;
  message_id: string;
  url: string;
  /** `success` or `failed`. */
  status: string;
  response_status_code: number;
  response: string;
  response_duration_ms: number;
  /** `scheduled` or `manual`. */
  trigger_type: string;
  created_at: Millis;
}

/** A one-time portal link or the portal session it opened; only the token's hash is kept. */
export interface WebhookPortalTokensTable {
  id: string;
  instance_id: string;
  app_id: string;
  /** `link` or `session`. */
  kind: string;
  token_hash: string;
  expires_at: Millis;
  used_at: Millis | null;
  created_at: Millis;
}

/** An email or SMS template an instance changed (overrides the system one with its slug). */
export interface MessageTemplatesTable {
  id: string;
  instance_id: string;
  template_type: string;
  slug: string;
  name: string;
  subject: string | null;
  markup: string;
  body: string;
  from_email_name: string | null;
  reply_to_email_name: string | null;
  delivered_by_clerk: Bool;
  enabled: Bool;
  created_at: Millis;
  updated_at: Millis;
}
