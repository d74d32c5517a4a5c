import { Ajv, type ValidateFunction } from 'ajv';
import formatsPlugin from 'ajv-formats';
import type { TSchema } from 'typebox';
import {
  WebhookEventPayload,
  WebhookInvitation,
  webhookEvents,
  type WebhookEventType,
} from './generated/webhook-events.js';
import { check, fail, type ResponseValidation } from './response-validator.js';

/** The event types of the webhooks spec, sorted. */
export const webhookEventTypes = Object.keys(webhookEvents) as WebhookEventType[];

export function isWebhookEventType(type: string): type is WebhookEventType {
  return Object.hasOwn(webhookEvents, type);
}

/**
 * Events Castellan emits that the webhooks spec does not list (it has no event for
 * application invitations), each with its `data` typed by one of that spec's own components.
 * docs/webhook-events.md says why they exist.
 */
export const castellanWebhookEvents = {
  'invitation.created': WebhookInvitation,
  'invitation.accepted': WebhookInvitation,
  'invitation.revoked': WebhookInvitation,
} as const satisfies Record<string, TSchema>;

export type CastellanWebhookEventType = keyof typeof castellanWebhookEvents;

/** The envelope of the spec (`WebhookEventPayload`) around a `data` schema. */
function envelopeOf(data: TSchema): object {
  return {
    ...WebhookEventPayload,
    properties: { ...WebhookEventPayload.properties, data },
    required: [...(WebhookEventPayload.required ?? []), 'data'],
  };
}

function payloadSchemaOf(type: string): object | undefined {
  if (isWebhookEventType(type)) return webhookEvents[type];
  if (Object.hasOwn(castellanWebhookEvents, type)) {
    return envelopeOf(castellanWebhookEvents[type as CastellanWebhookEventType]);
  }
  return undefined;
}

let ajv: Ajv | undefined;
const cache = new Map<string, ValidateFunction>();

/**
 * Checks one webhook payload (the whole envelope, `data` included) against the webhooks spec's
 * schema for `type` (or, for Castellan's own events, `castellanWebhookEvents`). Beyond the
 * schema, which types them as any string: `object` must be `"event"` and `type` the event type
 * it is checked as.
 */
export function validateWebhookEvent(type: string, payload: unknown): ResponseValidation {
  const schema = payloadSchemaOf(type);
  if (schema === undefined) return fail(`Unknown webhook event type ${type}`);
  let validate = cache.get(type);
  if (validate === undefined) {
    if (ajv === undefined) {
      ajv = new Ajv({ strict: false, allErrors: true });
      formatsPlugin.default(ajv);
    }
    validate = ajv.compile(schema);
    cache.set(type, validate);
  }
  const result = check(validate, payload, type);
  const envelope = payload as { object?: unknown; type?: unknown } | null;
  const problems = result.ok ? [] : [result.errors];
  if (envelope?.object !== 'event') problems.push(`${type}: object is not "event"`);
  if (envelope?.type !== type) problems.push(`${type}: type is ${JSON.stringify(envelope?.type)}`);
  return problems.length === 0 ? result : fail(problems.join('; '));
}
