import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { Svix, Webhook } from 'svix';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createServer } from '../../src/app.js';
import { messageIdOf } from '../../src/webhooks/webhook-secrets.js';
import { Api } from '../helpers/api.js';
import { TestClock } from '../helpers/test-clock.js';
import {
  createTestDatabase,
  TEST_ENCRYPTION_KEY,
  TEST_SECRET_KEY,
  type TestDatabase,
} from '../helpers/test-server.js';
import { uniqueEmail } from '../helpers/users.js';

const CHROMIUM = '/usr/bin/chromium';
// CI installs Chromium (.ci/run): there the test must run, never skip.
const skip = !existsSync(CHROMIUM) && !process.env.CI;
if (skip) console.warn(`\n*** Portal browser test SKIPPED: ${CHROMIUM} is missing. ***\n`);
const SCREENSHOT = new URL('../../../../docs/webhook-portal.png', import.meta.url);

interface Received {
  headers: Record<string, string>;
  body: string;
}

/** A webhook receiver on 127.0.0.1 that records every request and answers 200. */
async function startReceiver(): Promise<{ url: string; received: Received[]; close(): void }> {
  const received: Received[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    received.push({
      headers: req.headers as Record<string, string>,
      body: Buffer.concat(chunks).toString('utf8'),
    });
    res.writeHead(200, { 'content-type': 'text/plain' }).end('received');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/clerk-webhooks`, received, close: () => server.close() };
}

describe.skipIf(skip)('the endpoint portal page in Chromium', { timeout: 120_000 }, () => {
  let testDb: TestDatabase;
  let app: FastifyInstance;
  let api: Api;
  let svix: Svix;
  let clock: TestClock;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let browser: Browser;
  let tab: Page;
  let messageId: string;
  let endpointId: string;

  const link = async () => (await api.ok('GenerateSvixAuthURL')).svix_url;

  beforeAll(async () => {
    testDb = await createTestDatabase('sqlite');
    clock = new TestClock();
    app = await createServer({
      database: testDb.database,
      secretKey: TEST_SECRET_KEY,
      encryptionKey: TEST_ENCRYPTION_KEY,
      logger: false,
      clock,
      // The worker delivers as `castellan serve` does; a short poll only speeds retries up.
      webhooks: { pollIntervalMs: 200 },
    });
    const origin = await app.listen({ port: 0, host: '127.0.0.1' });
    api = new Api(app, TEST_SECRET_KEY);
    svix = new Svix(TEST_SECRET_KEY, { serverUrl: `${origin}/svix` });
    receiver = await startReceiver();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
    tab = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    tab.on('dialog', (dialog) => void dialog.accept());
    await api.ok('CreateSvixApp');
  });

  afterAll(async () => {
    if (tab && process.env.CASTELLAN_SCREENSHOT === '1') {
      // docs/webhook-portal.png: the secret stays masked, even a test one.
      if ((await tab.textContent('#show-secret')) === 'Hide') await tab.click('#show-secret');
      await tab.screenshot({ path: SCREENSHOT.pathname, fullPage: true });
    }
    await browser?.close();
    receiver?.close();
    await app?.close();
    await testDb?.database.close();
    await testDb?.drop();
  });

  it('opens a link, adds an endpoint, edits, disables and enables it, shows and rotates its secret', async () => {
    const errors: string[] = [];
    tab.on('pageerror', (e) => errors.push(String(e)));
    // A CSP violation or a failed request is a console error: none is expected.
    tab.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    await tab.goto(await link());
    await tab.locator('#portal').waitFor({ state: 'visible' });
    expect(tab.url()).not.toContain('token='); // the token left the address bar

    await tab.click('#add-endpoint');
    await tab.fill('#endpoint-url', receiver.url);
    await tab.fill('#endpoint-description', 'Local receiver');
    await tab.check('#event-types input[value="user.created"]');
    await tab.click('#save-endpoint');
    const row = tab.locator('#endpoints tr', { hasText: receiver.url });
    await row.waitFor();
    const appId = (await svix.application.list()).data[0]!.id;
    const [endpoint] = (await svix.endpoint.list(appId)).data;
    expect(endpoint).toMatchObject({
      url: receiver.url,
      description: 'Local receiver',
      filterTypes: ['user.created'],
    });
    endpointId = endpoint!.id;

    await row.getByRole('button', { name: 'Edit' }).click();
    await tab.fill('#endpoint-description', 'Local receiver (edited)');
    await tab.click('#save-endpoint');
    await tab.locator('#endpoints td', { hasText: 'Local receiver (edited)' }).waitFor();
    await row.getByRole('button', { name: 'Disable' }).click();
    await row.locator('.badge', { hasText: 'disabled' }).waitFor();
    expect((await svix.endpoint.get(appId, endpointId)).disabled).toBe(true);
    await row.getByRole('button', { name: 'Enable' }).click();
    await row.locator('.badge', { hasText: 'enabled' }).waitFor();
    expect((await svix.endpoint.get(appId, endpointId)).disabled).toBe(false);

    await row.getByRole('button', { name: 'Deliveries' }).click();
    await tab.click('#show-secret');
    const shown = tab.locator('#secret-value', { hasText: 'whsec_' });
    await shown.waitFor();
    const { key: before } = await svix.endpoint.getSecret(appId, endpointId);
    expect(await shown.textContent()).toBe(before);
    await tab.click('#rotate-secret');
    await tab.locator('#secret-value', { hasNotText: before }).waitFor();
    const { key: after } = await svix.endpoint.getSecret(appId, endpointId);
    expect(after).not.toBe(before);
    expect(await tab.textContent('#secret-value')).toBe(after);
    expect(errors).toEqual([]);
  });

  it('lists the event a new user made among recent messages', async () => {
    const user = await api.ok('CreateUser', {
      body: { email_address: [uniqueEmail('portal')], skip_password_requirement: true },
    });
    const event = await testDb.database.db
      .selectFrom('outbox')
      .select('event_id')
      .where('event_type', '=', 'user.created')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    messageId = messageIdOf(event.event_id);
    await tab.click('#refresh-messages');
    const message = tab.locator(`#messages tr[data-message="${messageId}"]`);
    await message.waitFor();
    expect(await message.textContent()).toContain('user.created');
    expect(user.id).toMatch(/^user_/);
  });

  it('shows the delivery with its attempt, replays it and shows the manual attempt', async () => {
    // The page refreshes the open endpoint's deliveries every 2 s; the deadline is generous.
    const delivery = tab.locator(`#deliveries li[data-delivery="${messageId}"]`);
    const scheduled = delivery.locator('li[data-trigger="scheduled"]', { hasText: 'HTTP 200' });
    await scheduled.first().waitFor({ timeout: 60_000 });
    await delivery.locator('.badge', { hasText: 'success' }).first().waitFor();
    expect(receiver.received.length).toBeGreaterThanOrEqual(1);

    await delivery.locator('button.replay').click();
    const manual = delivery.locator('li[data-trigger="manual"]', { hasText: 'HTTP 200' });
    await manual.waitFor({ timeout: 60_000 });
    const appId = (await svix.application.list()).data[0]!.id;
    const { key } = await svix.endpoint.getSecret(appId, endpointId);
    const mine = receiver.received.filter((r) => r.headers['svix-id'] === messageId);
    expect(mine.length).toBeGreaterThanOrEqual(2); // the scheduled one and the replay
    for (const request of mine) {
      const payload = new Webhook(key).verify(request.body, request.headers) as { type: string };
      expect(payload.type).toBe('user.created');
    }
  });

  it('a link opened once, or too late, shows an error page', async () => {
    const used = await link();
    const first = await browser.newPage();
    await first.goto(used);
    await first.locator('#portal').waitFor({ state: 'visible' });
    await first.close();
    const again = await browser.newPage();
    await again.goto(used);
    await again.locator('#fatal').waitFor({ state: 'visible' });
    expect(await again.textContent('#fatal-message')).toContain('already opened');
    expect(await again.isVisible('#portal')).toBe(false);
    await again.close();

    clock.set(Date.now());
    try {
      const late = await link();
      clock.advance(15 * 60_000);
      const expired = await browser.newPage();
      await expired.goto(late);
      await expired.locator('#fatal').waitFor({ state: 'visible' });
      expect(await expired.textContent('#fatal-message')).toContain('expired');
      await expired.close();
    } finally {
      clock.useRealTime();
    }
  });
});
