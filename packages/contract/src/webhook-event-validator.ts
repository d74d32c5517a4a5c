import { Ajv, type ValidateFunction } from 'ajv';
import formatsPlugin from 'ajv-formats';
import { webhookEvents, type WebhookEventType } from './generated/webhook-events.js';
import { check, fail, type ResponseValidation } from './response-validator.js';

/** The event types of the webhooks spec, sorted. */
export const webhookEventTypes = Object.keys(webhookEvents) as WebhookEventType[];

export function isWebhookEventType(type: string): type is WebhookEventType {
  return Object.hasOwn(webhookEvents, type);
}

let ajv: Ajv | undefined;
const cache = new Map<string, ValidateFunction>();

/**
 * Checks one webhook payload (the whole envelope, `data` included) against the webhooks spec's
 * schema for `type`. Beyond the schema, which types them as any string: `object` must be
 * `"event"` and `type` the event type it is checked as.
 */
export function validateWebhookEvent(type: string, payload: unknown): ResponseValidation {
  if (!isWebhookEventType(type)) return fail(`Unknown webhook event type ${type}`);
  let validate = cache.get(type);
  if (validate === undefined) {
    if (ajv === undefined) {
      ajv = new Ajv({ strict: false, allErrors: true });
      formatsPlugin.default(ajv);
    }
    validate = ajv.compile(webhookEvents[type]);
    cache.set(type, validate);
  }
  const result = check(validate, payload, type);
  const envelope = payload as { object?: unknown; type?: unknown } | null;
  const problems = result.ok ? [] : [result.errors];
  if (envelope?.object !== 'event') problems.push(`${type}: object is not "event"`);
  if (envelope?.type !== type) problems.push(`${type}: type is ${JSON.stringify(envelope?.type)}`);
  return problems.length === 0 ? result : fail(problems.join('; '));
}
