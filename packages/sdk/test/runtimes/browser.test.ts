import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useSdk, type SdkSuite } from '../sdk-helpers.js';
import { bundleSdk, expectedOutcome, scenarioModule } from './scenario.js';

const CHROMIUM = '/usr/bin/chromium';
// CI installs Chromium (.ci/run): there the test must run, never skip.
const skip = !existsSync(CHROMIUM) && !process.env.CI;
if (skip) console.warn(`\n*** SDK browser test SKIPPED: ${CHROMIUM} is missing. ***\n`);

/**
 * A page and the SDK's browser bundle from one origin that also passes `/v1/*` on to the
 * suite's Castellan server (the Backend API sends no CORS headers, and is not meant to: a
 * browser reaches it through its own backend).
 */
async function startPageServer(apiUrl: string): Promise<{ origin: string; close(): void }> {
  const sdkJs = await bundleSdk('browser');
  const server = http.createServer(async (req, res) => {
    if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>sdk</title>');
      return;
    }
    if (req.url === '/sdk.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(sdkJs);
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) {
      if (typeof v === 'string' && k !== 'host' && k !== 'connection') headers.set(k, v);
    }
    const answer = await fetch(new URL(req.url!, apiUrl.replace(/\/v1$/, '')), {
      method: req.method,
      headers,
      body: chunks.length ? Buffer.concat(chunks) : undefined,
    });
    const out: Record<string, string> = {};
    answer.headers.forEach((v, k) => {
      if (k !== 'content-encoding' && k !== 'transfer-encoding') out[k] = v;
    });
    res.writeHead(answer.status, out).end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => server.close() };
}

describe.skipIf(skip)('@castellan/sdk in a browser (Chromium)', { timeout: 120_000 }, () => {
  let suite: SdkSuite;
  let page: { origin: string; close(): void };
  let browser: Browser;
  beforeAll(async () => {
    suite = await useSdk('sqlite');
    page = await startPageServer(suite.serverURL);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    page?.close();
  });

  it('calls operations, uploads a Blob, raises typed errors, pages, verifies tokens and webhooks', async () => {
    const tab = await browser.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (e) => errors.push(String(e)));
    await tab.goto(`${page.origin}/`);
    const content = scenarioModule({
      sdkUrl: '/sdk.js',
      serverURL: `${page.origin}/v1`,
      secretKey: suite.instance.secretKey,
      report: 'window.outcome = ',
    });
    await tab.addScriptTag({ type: 'module', content });
    await tab.waitForFunction(() => 'outcome' in globalThis);
    const outcome = (await tab.evaluate(
      () => (globalThis as unknown as { outcome: unknown }).outcome,
    )) as {
      userId: string;
    };
    expect(errors).toEqual([]);
    expect(outcome).toEqual(expectedOutcome(outcome.userId));
  });
});
