import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
/** CI installs Chromium (.ci/run): there the browser tests must run, never skip. */
export const skipBrowser = !existsSync(CHROMIUM) && !process.env.CI;
if (skipBrowser) console.warn(`\n*** FAPI browser tests SKIPPED: ${CHROMIUM} is missing. ***\n`);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** One Frontend API exchange as the page saw it. */
export interface FapiExchange {
  method: string;
  url: string;
  requestBody: string | null;
  status: number;
  responseBody: string;
}

/**
 * A fresh browser context (no cookies) and its page, with every Frontend API exchange and
 * every page error recorded: a failing test prints them, so core and flows see what
 * clerk-js sent and what it got.
 */
export interface BrowserTab {
  context: BrowserContext;
  page: Page;
  exchanges: FapiExchange[];
  /** Every document request, redirect hops included (the handshake is one). */
  navigations: string[];
  errors: string[];
  /** The recorded exchanges and errors, one line each, bodies cut short. */
  transcript(): string;
}

export async function openTab(browser: Browser): Promise<BrowserTab> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const exchanges: FapiExchange[] = [];
  const errors: string[] = [];
  const navigations: string[] = [];
  page.on('request', (request) => {
    if (request.isNavigationRequest()) navigations.push(request.url());
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${String(e)}`));
  page.on('console', (m) => void (m.type() === 'error' && errors.push(`console: ${m.text()}`)));
  page.on('response', (response) => {
    const request = response.request();
    if (!request.url().includes('/__clerk/')) return;
    void response
      .text()
      .catch(() => '(no body)')
      .then((body) =>
        exchanges.push({
          method: request.method(),
          url: request.url(),
          requestBody: request.postData(),
          status: response.status(),
          responseBody: body,
        }),
      );
  });
  return {
    context,
    page,
    exchanges,
    navigations,
    errors,
    transcript: () =>
      [
        ...exchanges
          .slice(-25)
          .map(
            (x) =>
              `${x.method} ${x.url.replace(/^https?:\/\/[^/]+/, '')}` +
              (x.requestBody ? ` body=${x.requestBody.slice(0, 300)}` : '') +
              ` -> ${x.status} ${x.responseBody.slice(0, 300)}`,
          ),
        ...navigations.slice(-10).map((url) => `navigation: ${url.slice(0, 300)}`),
        ...errors,
      ].join('\n'),
  };
}

/** The value of a cookie the page's origin holds, if any. */
export async function cookieValue(
  context: BrowserContext,
  origin: string,
  name: string,
): Promise<string | undefined> {
  const cookies = await context.cookies(origin);
  return cookies.find((c) => c.name === name)?.value;
}

/** Waits, up to `timeoutMs`, for `read` to give a value `accept` takes. */
export async function waitFor<T>(
  what: string,
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let last: string;
    try {
      const value = await read();
      if (accept(value)) return value;
      last = JSON.stringify(value);
    } catch (error) {
      // A read that fails (the page navigating under an evaluate) is tried again.
      last = String(error);
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: last ${last}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
