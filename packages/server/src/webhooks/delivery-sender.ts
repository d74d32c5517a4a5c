import type { Kysely } from 'kysely';
import type { Db } from '../db/schema.js';
import { runTransaction } from '../db/write-guard.js';
import type { AddressPolicy } from '../outbound/address-policy.js';
import { OutboundError } from '../outbound/outbound-error.js';
import type { OutboundOptions } from '../outbound/outbound-options.js';
import { sendOutboundRequest } from '../outbound/outbound-request.js';
import type { Clock } from '../platform/clock.js';
import type { SecretBox } from '../secrets/secret-box.js';
import {
  insertAttempt,
  updateDeliveryAfterAttempt,
  updateEndpointHealth,
  type DeliveryUpdate,
} from './delivery-attempt-store.js';
import { DISABLE_AFTER_FAILING_MS, nextAttemptAt, type RandomSource } from './delivery-schedule.js';
import { signDelivery } from './delivery-signature.js';
import type { DueDelivery, SendingEndpoint } from './delivery-store.js';
import { openEndpointSecret } from './webhook-secrets.js';

/** Names the sender in every request (Svix sends `Svix-Webhooks/<version>`). */
export const DELIVERY_USER_AGENT = 'Castellan-Webhooks/1.0';
/** What an attempt keeps of the endpoint's answer. */
export const RESPONSE_TEXT_CAP = 4 * 1024;
/** A longer answer fails the attempt (its status is never read). */
const MAX_RESPONSE_BYTES = 1024 * 1024;

export interface SenderContext {
  db: Kysely<Db>;
  secrets: SecretBox;
  clock: Clock;
  random: RandomSource;
  timeoutMs: number;
  outbound: OutboundOptions;
}

interface Outcome {
  succeeded: boolean;
  statusCode: number;
  response: string;
}

/** Loopback for development instances only; private ranges only when the server allows them. */
function policyFor(endpoint: SendingEndpoint, outbound: OutboundOptions): AddressPolicy {
  return {
    allowLoopback: endpoint.environment === 'development',
    allowPrivate: outbound.allowPrivate === true,
    allowHosts: outbound.allowHosts ?? [],
  };
}

/** The secrets that sign at `now`: the current one, and the previous one within its grace. */
export function signingSecrets(box: SecretBox, endpoint: SendingEndpoint, now: number): string[] {
  const secrets = [openEndpointSecret(box, endpoint.id, 'secret', endpoint.secret)];
  const expires = endpoint.previous_secret_expires_at;
  if (endpoint.previous_secret !== null && expires !== null && now < expires) {
    secrets.push(openEndpointSecret(box, endpoint.id, 'previous_secret', endpoint.previous_secret));
  }
  return secrets;
}

function failureText(error: unknown, url: string, timeoutMs: number): string {
  if (!(error instanceof OutboundError)) return `request failed: ${String(error)}`;
  switch (error.kind) {
    case 'address_not_allowed':
      return (
        `address not allowed: ${new URL(url).hostname} resolves to ${error.address ?? 'no address'}, ` +
        'which this server may not reach (private or reserved; loopback only for development instances)'
      );
    case 'timeout':
      return `timeout: no answer within ${timeoutMs} ms`;
    case 'too_large':
      return `the answer is over ${MAX_RESPONSE_BYTES} bytes`;
    default:
      return `network error: ${error.detail}`;
  }
}

async function post(
  ctx: SenderContext,
  endpoint: SendingEndpoint,
  headers: Record<string, string>,
  body: string,
): Promise<Outcome> {
  try {
    const answer = await sendOutboundRequest({
      url: endpoint.url,
      method: 'POST',
      headers: {
        ...headers,
        'content-type': 'application/json',
        'user-agent': DELIVERY_USER_AGENT,
      },
      body,
      timeoutMs: ctx.timeoutMs,
      maxResponseBytes: MAX_RESPONSE_BYTES,
      policy: policyFor(endpoint, ctx.outbound),
    });
    return {
      succeeded: answer.status >= 200 && answer.status < 300,
      statusCode: answer.status,
      response: answer.body.subarray(0, RESPONSE_TEXT_CAP).toString('utf8'),
    };
  } catch (error) {
    return {
      succeeded: false,
      statusCode: 0,
      response: failureText(error, endpoint.url, ctx.timeoutMs),
    };
  }
}

/**
 * What an attempt does to its delivery. A scheduled attempt counts: success ends the
 * delivery, failure schedules the next attempt or, after the last, fails it. A manual one
 * (a replay) does not move the schedule: success ends the delivery, failure leaves the
 * next scheduled attempt as it was (no next attempt: `failed`).
 */
function deliveryUpdate(
  ctx: SenderContext,
  delivery: DueDelivery,
  succeeded: boolean,
  at: number,
): DeliveryUpdate {
  if (delivery.trigger === 'manual') {
    const next = succeeded ? null : delivery.next_attempt_at;
    return {
      status: succeeded ? 'success' : next === null ? 'failed' : 'pending',
      attempt_count: delivery.attempt_count,
      next_attempt_at: next,
      last_attempt_at: at,
      clearReplay: true,
    };
  }
  const count = delivery.attempt_count + 1;
  const next = succeeded ? null : nextAttemptAt(count, at, ctx.random);
  return {
    status: succeeded ? 'success' : next === null ? 'failed' : 'pending',
    attempt_count: count,
    next_attempt_at: next,
    last_attempt_at: at,
    clearReplay: false,
  };
}

/**
 * One attempt of one delivery: sign its payload with `secrets` at the attempt's time, POST
 * it under the address policy, and record the attempt, the delivery's next step and the
 * endpoint's failing streak in one transaction. `endpoint` is updated in place
 * (`failing_since`, `disabled`). Answers whether the endpoint accepted it.
 */
export async function attemptDelivery(
  ctx: SenderContext,
  endpoint: SendingEndpoint,
  secrets: readonly string[],
  delivery: DueDelivery,
): Promise<boolean> {
  const at = ctx.clock.now();
  const started = performance.now();
  const signed = signDelivery(secrets, delivery.message_id, Math.floor(at / 1000), delivery.body);
  const outcome = await post(ctx, endpoint, { ...signed }, delivery.body);
  const durationMs = Math.round(performance.now() - started);
  const failingSince = outcome.succeeded ? null : (endpoint.failing_since ?? at);
  const disable = failingSince !== null && at - failingSince >= DISABLE_AFTER_FAILING_MS;
  const healthChanged = failingSince !== endpoint.failing_since || disable;
  await runTransaction(ctx.db, async (trx) => {
    await insertAttempt(trx, {
      instanceId: delivery.instance_id,
      deliveryId: delivery.id,
      endpointId: endpoint.id,
      messageId: delivery.message_id,
      url: endpoint.url,
      succeeded: outcome.succeeded,
      statusCode: outcome.statusCode,
      response: outcome.response,
      durationMs,
      trigger: delivery.trigger,
      at,
    });
    await updateDeliveryAfterAttempt(
      trx,
      delivery.id,
      deliveryUpdate(ctx, delivery, outcome.succeeded, at),
    );
    if (healthChanged) {
      await updateEndpointHealth(trx, endpoint.id, { failingSince, disable, at });
    }
  });
  endpoint.failing_since = failingSince;
  endpoint.disabled = endpoint.disabled || disable;
  return outcome.succeeded;
}
