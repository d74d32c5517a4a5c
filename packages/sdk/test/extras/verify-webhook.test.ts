import { randomBytes } from 'node:crypto';
import { Webhook } from 'svix';
import { describe, expect, it } from 'vitest';
import { CastellanError, verifyWebhook, WebhookVerificationError } from '../../src/index.js';

const secret = `whsec_${randomBytes(24).toString('base64')}`;
const otherSecret = `whsec_${randomBytes(24).toString('base64')}`;
const event = { object: 'event', type: 'user.created', data: { id: 'user_1', object: 'user' } };
const payload = JSON.stringify(event);
const MINUTE = 60_000;

/** The headers svix would send for `body`, signed with `signingSecret` at `at`. */
function signedHeaders(body: string, at = new Date(), signingSecret = secret) {
  const id = `msg_${randomBytes(8).toString('hex')}`;
  return {
    'svix-id': id,
    'svix-timestamp': String(Math.floor(at.getTime() / 1000)),
    'svix-signature': new Webhook(signingSecret).sign(id, at, body),
  };
}

/** The reason `verify` refused the delivery with, or `'accepted'`. */
async function outcome(verify: Promise<unknown>): Promise<string> {
  return verify.then(
    () => 'accepted',
    (error: unknown) => (error as { reason?: string }).reason ?? String(error),
  );
}

describe('verifyWebhook', () => {
  it('returns the event of a delivery svix signed, as svix itself verifies it', async () => {
    const headers = signedHeaders(payload);
    expect(new Webhook(secret).verify(payload, headers)).toEqual(event);
    expect(await verifyWebhook(payload, headers, secret)).toEqual(event);
  });

  it('reads headers from a Headers, any case, and under their webhook-* names', async () => {
    const headers = signedHeaders(payload);
    expect(await verifyWebhook(payload, new Headers(headers), secret)).toEqual(event);
    const shouted = Object.fromEntries(
      Object.entries(headers).map(([name, value]) => [name.toUpperCase(), value]),
    );
    expect(await verifyWebhook(payload, shouted, secret)).toEqual(event);
    const standard = Object.fromEntries(
      Object.entries(headers).map(([name, value]) => [name.replace('svix-', 'webhook-'), value]),
    );
    expect(await verifyWebhook(payload, standard, secret)).toEqual(event);
  });

  it('verifies the body as bytes, and a secret without its whsec_ prefix', async () => {
    const headers = signedHeaders(payload);
    const bytes = new TextEncoder().encode(payload);
    expect(await verifyWebhook(bytes, headers, secret)).toEqual(event);
    expect(await verifyWebhook(payload, headers, secret.slice('whsec_'.length))).toEqual(event);
  });

  it('accepts any of several space-separated signatures, ignoring other versions', async () => {
    const headers = signedHeaders(payload);
    const old = new Webhook(otherSecret).sign(headers['svix-id'], new Date(), payload);
    const rotating = {
      ...headers,
      'svix-signature': `v1a,${old.slice(3)} ${old} ${headers['svix-signature']}`,
    };
    expect(await verifyWebhook(payload, rotating, secret)).toEqual(event);
    expect(await verifyWebhook(payload, rotating, otherSecret)).toEqual(event);
    const onlyOtherVersion = {
      ...headers,
      'svix-signature': `v2,${headers['svix-signature'].slice(3)}`,
    };
    expect(await outcome(verifyWebhook(payload, onlyOtherVersion, secret))).toBe(
      'no-matching-signature',
    );
  });

  it('refuses a changed payload, a changed id and another secret with no-matching-signature', async () => {
    const headers = signedHeaders(payload);
    const changed = payload.replace('user_1', 'user_2');
    expect(await outcome(verifyWebhook(changed, headers, secret))).toBe('no-matching-signature');
    const otherId = { ...headers, 'svix-id': 'msg_other' };
    expect(await outcome(verifyWebhook(payload, otherId, secret))).toBe('no-matching-signature');
    expect(await outcome(verifyWebhook(payload, headers, otherSecret))).toBe(
      'no-matching-signature',
    );
    const garbage = { ...headers, 'svix-signature': 'v1,not*base64 v1' };
    expect(await outcome(verifyWebhook(payload, garbage, secret))).toBe('no-matching-signature');
  });

  it('accepts a timestamp within 5 minutes either way, and refuses one beyond', async () => {
    const at = (shift: number) => signedHeaders(payload, new Date(Date.now() + shift));
    expect(await outcome(verifyWebhook(payload, at(-4 * MINUTE), secret))).toBe('accepted');
    expect(await outcome(verifyWebhook(payload, at(4 * MINUTE), secret))).toBe('accepted');
    expect(await outcome(verifyWebhook(payload, at(-6 * MINUTE), secret))).toBe(
      'timestamp-too-old',
    );
    expect(await outcome(verifyWebhook(payload, at(6 * MINUTE), secret))).toBe('timestamp-too-new');
    const wide = { toleranceInSeconds: 600 };
    expect(await outcome(verifyWebhook(payload, at(-6 * MINUTE), secret, wide))).toBe('accepted');
  });

  it('refuses missing headers, a timestamp that is no number, a bad secret and a body that is no JSON', async () => {
    const headers = signedHeaders(payload);
    const { 'svix-signature': _, ...unsigned } = headers;
    expect(await outcome(verifyWebhook(payload, unsigned, secret))).toBe('missing-headers');
    const badTime = { ...headers, 'svix-timestamp': 'yesterday' };
    expect(await outcome(verifyWebhook(payload, badTime, secret))).toBe('invalid-timestamp');
    expect(await outcome(verifyWebhook(payload, headers, 'whsec_'))).toBe('invalid-secret');
    const text = 'not json';
    expect(await outcome(verifyWebhook(text, signedHeaders(text), secret))).toBe('invalid-payload');
  });

  it('throws WebhookVerificationError, a CastellanError', async () => {
    const error = await verifyWebhook(payload, {}, secret).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect(error).toBeInstanceOf(CastellanError);
    expect(error).toMatchObject({ name: 'WebhookVerificationError', reason: 'missing-headers' });
  });
});
