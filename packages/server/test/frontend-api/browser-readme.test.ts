import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import express from 'express';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testDialects, TEST_SECRET_KEY, type DialectName } from '../helpers/test-server.js';
import { CLERK_JS_DIST, CLERK_UI_DIST } from './browser/app.js';
import { startCastellan, type ListeningCastellan } from './browser/castellan.js';
import {
  launchChromium,
  openTab,
  skipBrowser,
  waitFor,
  type BrowserTab,
} from './browser/chromium.js';
import { fetchMe } from './browser/page-clerk.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const PASSWORD = 'correct-horse-battery-staple-42';

/** The fenced blocks of the README's "Use Castellan with your frontend" section, by language. */
function readmeBlocks(): Record<string, string> {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = /^## Use Castellan with your frontend\n([\s\S]*?)^## /m.exec(readme)?.[1] ?? '';
  const blocks = [...section.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)];
  expect(blocks.map((m) => m[1])).toEqual(['html', 'js', 'sh']);
  return Object.fromEntries(blocks.map((m) => [m[1]!, m[2]!]));
}

/** `export A=1 B=2` lines of the shell block, as an environment. */
function exportsOf(sh: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of sh.split('\n').filter((l) => l.startsWith('export '))) {
    for (const [, name, value] of line.slice(7).matchAll(/(\w+)=(\S+)/g)) env[name!] = value!;
  }
  return env;
}

/** The README's placeholders, filled: keys, Castellan's address, the bundles served locally. */
function fill(text: string, castellanOrigin: string, publishableKey: string): string {
  return text
    .replaceAll('pk_test_…', publishableKey)
    .replaceAll('sk_test_…', TEST_SECRET_KEY)
    .replaceAll('http://127.0.0.1:3210', castellanOrigin)
    .replaceAll('https://cdn.jsdelivr.net/npm/@clerk/ui@1/dist/', '/clerk-ui/')
    .replaceAll('https://cdn.jsdelivr.net/npm/@clerk/clerk-js@6/dist/', '/clerk-js/');
}

/** Signs in through the mounted `<SignIn/>`: identifier, then password. */
async function signInThroughUi(page: Page, email: string): Promise<void> {
  await page.locator('input[name="identifier"]').fill(email);
  await page.locator('.cl-formButtonPrimary').click();
  // (the first step holds a hidden password field for autofill: wait for the second step's)
  const password = page.locator('input[name="password"]');
  await password.waitFor({ state: 'visible' });
  await password.fill(PASSWORD);
  await page.locator('.cl-formButtonPrimary').click();
}

/**
 * Issue 15: the README's frontend examples, as written (placeholders filled, bundles served
 * from node_modules instead of the CDN): the plain page cross-origin, and the Express app
 * run as its own process with the README's environment.
 */
describe.skipIf(skipBrowser).each(testDialects())(
  'README: Use Castellan with your frontend (%s)',
  { timeout: 90_000 },
  (dialect: DialectName) => {
    let castellan: ListeningCastellan;
    let browser: Browser;
    let publishableKey: string;
    let tab: BrowserTab;
    const closers: (() => Promise<void> | void)[] = [];

    beforeAll(async () => {
      castellan = await startCastellan(dialect);
      publishableKey = castellan.app.castellan.bootstrap.instance.publishableKey;
      browser = await launchChromium();
    });
    afterEach(async (context) => {
      if (context.task.result?.state === 'fail') {
        console.log(`FAPI transcript (${dialect}, README):\n${tab?.transcript()}`);
      }
      await tab?.context.close();
    });
    afterAll(async () => {
      for (const close of closers.reverse()) await close();
      await browser?.close();
      await castellan?.close();
    });

    async function newUser(): Promise<{ id: string; email: string }> {
      const email = `readme-${Math.random().toString(36).slice(2, 8)}@example.com`;
      const user = await castellan.api.ok('CreateUser', {
        body: { email_address: [email], password: PASSWORD },
      });
      return { id: user.id, email };
    }

    it('the plain HTML page signs in through <SignIn/>, cross-origin', async () => {
      const html = fill(readmeBlocks().html!, castellan.origin, publishableKey);
      const app = express();
      app.use('/clerk-js', express.static(CLERK_JS_DIST));
      app.use('/clerk-ui', express.static(CLERK_UI_DIST));
      app.get('/', (_req, res) => void res.type('html').send(html));
      const server = http.createServer(app);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      closers.push(() => {
        server.closeAllConnections();
        server.close();
      });
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const user = await newUser();

      tab = await openTab(browser);
      await tab.page.goto(`${origin}/`);
      await signInThroughUi(tab.page, user.email);
      // Signed in, <SignIn/> goes to the page again (a full load), which says who is in.
      await tab.page.getByText(`Signed in as ${user.id}`).waitFor();
      await tab.page.reload();
      await tab.page.getByText(`Signed in as ${user.id}`).waitFor();
    });

    it('the Express app proxies /__clerk, and getAuth sees the user on a page load and a fetch', async () => {
      const blocks = readmeBlocks();
      const project = path.join(ROOT, 'test-results', `fapi-readme-${dialect}-${process.pid}`);
      rmSync(project, { recursive: true, force: true });
      mkdirSync(path.join(project, 'public'), { recursive: true });
      closers.push(() => rmSync(project, { recursive: true, force: true }));
      writeFileSync(path.join(project, 'package.json'), '{ "type": "module" }\n');
      writeFileSync(path.join(project, 'server.mjs'), blocks.js!);
      // "the same page … with data-clerk-proxy-url="/__clerk""
      const page = fill(blocks.html!, castellan.origin, publishableKey).replace(
        `data-clerk-proxy-url="${castellan.origin}/__clerk"`,
        'data-clerk-proxy-url="/__clerk"',
      );
      expect(page).toContain('data-clerk-proxy-url="/__clerk"');
      writeFileSync(path.join(project, 'public', 'index.html'), page);
      symlinkSync(CLERK_JS_DIST, path.join(project, 'public', 'clerk-js'));
      symlinkSync(CLERK_UI_DIST, path.join(project, 'public', 'clerk-ui'));

      const env = Object.fromEntries(
        Object.entries(exportsOf(blocks.sh!)).map(([k, v]) => [
          k,
          fill(v, castellan.origin, publishableKey),
        ]),
      );
      expect(Object.keys(env).sort()).toEqual([
        'CLERK_API_URL',
        'CLERK_FAPI_URL',
        'CLERK_PUBLISHABLE_KEY',
        'CLERK_SECRET_KEY',
      ]);
      const port = await freePort();
      let output = '';
      const child: ChildProcess = spawn(process.execPath, ['server.mjs'], {
        cwd: project,
        env: { ...process.env, ...env, PORT: String(port), CLERK_TELEMETRY_DISABLED: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout!.on('data', (d) => (output += d));
      child.stderr!.on('data', (d) => (output += d));
      closers.push(() => void child.kill());
      const origin = `http://127.0.0.1:${port}`;
      await waitFor(
        `the README's Express app to listen (${output})`,
        () =>
          fetch(`${origin}/api/me`).then(
            (r) => r.status,
            () => 0,
          ),
        (status) => status === 200,
        15_000,
      );
      const user = await newUser();

      tab = await openTab(browser);
      await tab.page.goto(`${origin}/`);
      await signInThroughUi(tab.page, user.email);
      // Signed in, <SignIn/> loads the page again: wait for it before asking the app.
      await tab.page.getByText(`Signed in as ${user.id}`).waitFor();
      expect(await fetchMe(tab.page)).toMatchObject({ userId: user.id });
      // A full page load: the middleware authenticates the document request too.
      await tab.page.reload();
      await tab.page.getByText(`Signed in as ${user.id}`).waitFor();
      expect(await fetchMe(tab.page)).toMatchObject({ userId: user.id });
    });
  },
);

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = http.createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
