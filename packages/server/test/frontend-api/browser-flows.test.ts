import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { lastCodeSentTo } from '../helpers/messages.js';
import { testDialects, type DialectName } from '../helpers/test-server.js';
import { startTestApp, type FapiRoute, type TestApp } from './browser/app.js';
import {
  createFapiInstance,
  startCastellan,
  type FapiInstance,
  type InstanceKind,
  type ListeningCastellan,
} from './browser/castellan.js';
import {
  cookieValue,
  launchChromium,
  openTab,
  skipBrowser,
  waitFor,
  type BrowserTab,
} from './browser/chromium.js';
import {
  failingCall,
  fetchMe,
  finishEmailCodeSignIn,
  finishSignUp,
  loadPage,
  pageAuth,
  refreshToken,
  setActiveOrganization,
  signInWithPassword,
  signOut,
  startEmailCodeSignIn,
  startSignUp,
} from './browser/page-clerk.js';

/**
 * Issue 15, "How it is checked": `@clerk/clerk-js` 6 from npm, unchanged, in headless
 * Chromium, against Castellan's Frontend API, for a development instance (dev browser) and a
 * production one (`__client` cookie), the page reaching the FAPI cross-origin or through the
 * app's `/__clerk` proxy; the app's backend is `@clerk/express`. Each describe is one browser
 * story: its tests run in order on one page.
 */
const CASES: { kind: InstanceKind; route: FapiRoute; refresh: boolean }[] = [
  // The refresh waits ~13 s of real time: checked once per instance kind.
  { kind: 'development', route: 'cross-origin', refresh: true },
  { kind: 'production', route: 'proxy', refresh: true },
  { kind: 'development', route: 'proxy', refresh: false },
  { kind: 'production', route: 'cross-origin', refresh: false },
];
const PASSWORD = 'correct-horse-battery-staple-42';

function emailFor(kind: InstanceKind, tag: string): string {
  // Clerk's test mode: a development instance takes 424242 for `+clerk_test` addresses.
  const suffix = kind === 'development' ? '+clerk_test' : '';
  return `${tag}-${Math.random().toString(36).slice(2, 8)}${suffix}@example.com`;
}

describe.skipIf(skipBrowser).each(testDialects())(
  'clerk-js in Chromium (%s)',
  (dialect: DialectName) => {
    let castellan: ListeningCastellan;
    let browser: Browser;
    beforeAll(async () => {
      castellan = await startCastellan(dialect);
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
      await castellan?.close();
    });

    const cases = CASES.map((c) => [`${c.kind} instance, FAPI ${c.route}`, c] as const);
    describe.each(cases)('%s', { timeout: 60_000 }, (_title, { kind, route, refresh }) => {
      let instance: FapiInstance;
      let app: TestApp;
      let tab: BrowserTab;
      let userId: string;
      let email: string;
      const codeFor = async (to: string): Promise<string> =>
        kind === 'development'
          ? '424242'
          : lastCodeSentTo(
              { app: castellan.app, auth: { authorization: `Bearer ${instance.secretKey}` } },
              to,
            );

      beforeAll(async () => {
        // The app's origin is known once it listens; a production instance must allow it.
        instance = await createFapiInstance(castellan, kind, []);
        app = await startTestApp(castellan.origin, instance, route);
        if (kind === 'production') {
          await instance.api.ok('UpdateInstance', { body: { allowed_origins: [app.origin] } });
        }
        tab = await openTab(browser);
      });
      afterEach((context) => {
        if (context.task.result?.state === 'fail') {
          console.log(`FAPI transcript (${dialect}, ${kind}, ${route}):\n${tab.transcript()}`);
        }
      });
      afterAll(async () => {
        await tab?.context.close();
        await app?.close();
      });

      it('loads signed out', async () => {
        expect(await loadPage(tab.page, `${app.origin}/`)).toBe('loaded');
        expect(await pageAuth(tab.page)).toEqual({ userId: null, sessionId: null, orgId: null });
        const paths = tab.exchanges.map((x) => new URL(x.url).pathname.replace(/^.*\/v1/, '/v1'));
        if (kind === 'development') expect(paths).toContain('/v1/dev_browser');
        expect(paths).toContain('/v1/client');
        expect(
          tab.exchanges.every((x) => x.status < 400),
          tab.transcript(),
        ).toBe(true);
        expect(await fetchMe(tab.page)).toMatchObject({ userId: null });
      });

      it('signs up with email, password and a code; the Backend API sees the user and session', async () => {
        email = emailFor(kind, 'signup');
        expect(await startSignUp(tab.page, email, PASSWORD)).toBe('missing_requirements');
        expect(await finishSignUp(tab.page, await codeFor(email))).toBe('complete');
        const auth = await pageAuth(tab.page);
        expect(auth.userId).toMatch(/^user_/);
        userId = auth.userId!;
        const user = await instance.api.ok('GetUser', { params: { user_id: userId } });
        expect(user.email_addresses[0]?.email_address).toBe(email);
        expect(user.email_addresses[0]?.verification?.status).toBe('verified');
        const sessions = await instance.api.ok('GetSessionList', { query: { user_id: userId } });
        expect((sessions as { id: string; status: string }[]).map((s) => [s.id, s.status])).toEqual(
          [[auth.sessionId, 'active']],
        );
        expect(await cookieValue(tab.context, app.origin, '__session')).toMatch(/^ey/);
        if (kind === 'production') {
          // The client's identity: set by the FAPI (under its own path cross-origin, on the
          // app through the proxy), HttpOnly, SameSite=Lax, not Secure over http.
          const cookies = await tab.context.cookies(`${app.proxyUrl}/v1/client`);
          const client = cookies.find((c) => c.name === '__client');
          expect(client).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false });
        }
        expect(await fetchMe(tab.page)).toMatchObject({ userId, sessionId: auth.sessionId });
      });

      it('stays signed in across a reload', async () => {
        expect(await loadPage(tab.page, `${app.origin}/`)).toBe('loaded');
        expect((await pageAuth(tab.page)).userId).toBe(userId);
        expect(await fetchMe(tab.page)).toMatchObject({ userId });
      });

      it('the app sees the user on a full page navigation, through the handshake', async () => {
        // Without `__session` (but with `__client_uat`), `authenticateRequest` hands the
        // document request to the FAPI's handshake, which sets the cookies again.
        await tab.context.clearCookies({ name: /^__session/ }); // plain and suffixed
        try {
          expect(await loadPage(tab.page, `${app.origin}/app`)).toBe('loaded');
          const paths = tab.navigations.map((url) => new URL(url).pathname);
          expect(paths.some((p) => p.endsWith('/v1/client/handshake'))).toBe(true);
          const serverAuth = JSON.parse((await tab.page.textContent('#server-auth')) ?? 'null');
          expect(serverAuth).toMatchObject({ userId });
          expect(await fetchMe(tab.page)).toMatchObject({ userId });
        } finally {
          // The next steps start from the plain page, whatever happened here.
          await loadPage(tab.page, `${app.origin}/`);
        }
      });

      it('switching to an organization shows in the app’s authenticateRequest', async () => {
        const org = await instance.api.ok('CreateOrganization', {
          body: { name: `Org of ${kind}`, created_by: userId },
        });
        await setActiveOrganization(tab.page, org.id);
        expect((await pageAuth(tab.page)).orgId).toBe(org.id);
        await waitFor(
          'the session token to carry the organization',
          () => fetchMe(tab.page),
          (me) => me.orgId === org.id,
          10_000,
        );
        await setActiveOrganization(tab.page, null);
        await waitFor(
          'no organization',
          () => fetchMe(tab.page),
          (me) => me.orgId === null,
          10_000,
        );
      });

      it.runIf(refresh)(
        'refreshes the __session cookie before a short-lived token expires, staying signed in',
        async () => {
          const before = await cookieValue(tab.context, app.origin, '__session');
          expect(before).toBeDefined();
          // 30 s tokens are re-minted about 13 s after they are issued.
          const after = await waitFor(
            'a new __session cookie',
            () => cookieValue(tab.context, app.origin, '__session'),
            (value) => value !== undefined && value !== before,
            40_000,
          );
          const claims = JSON.parse(Buffer.from(after!.split('.')[1]!, 'base64url').toString());
          expect(claims.exp - claims.iat).toBe(30);
          expect(claims.sub).toBe(userId);
          expect(await fetchMe(tab.page)).toMatchObject({ userId });
        },
      );

      it('signs out: the page, the app and the Backend API agree', async () => {
        const { sessionId } = await pageAuth(tab.page);
        await signOut(tab.page);
        expect(await pageAuth(tab.page)).toMatchObject({ userId: null, sessionId: null });
        expect(await fetchMe(tab.page)).toMatchObject({ userId: null });
        const session = await instance.api.ok('GetSession', { params: { session_id: sessionId! } });
        expect(session.status).not.toBe('active');
      });

      it('signs in by password', async () => {
        expect(await signInWithPassword(tab.page, email, PASSWORD)).toBe('complete');
        expect((await pageAuth(tab.page)).userId).toBe(userId);
        expect(await fetchMe(tab.page)).toMatchObject({ userId });
        await signOut(tab.page);
      });

      it('reports Clerk’s error codes and fields, which clerk-js maps to the form', async () => {
        expect(await failingCall(tab.page, 'sign-in', email, 'not-the-password-1')).toEqual({
          status: 422,
          code: 'form_password_incorrect',
          paramName: 'password',
        });
        expect(
          await failingCall(tab.page, 'sign-in', emailFor(kind, 'nobody'), PASSWORD),
        ).toMatchObject({
          status: 422,
          code: 'form_identifier_not_found',
          paramName: 'identifier',
        });
        expect(await failingCall(tab.page, 'sign-up', email, PASSWORD)).toMatchObject({
          status: 422,
          code: 'form_identifier_exists',
          paramName: 'email_address',
        });
        expect((await pageAuth(tab.page)).userId).toBeNull();
      });

      it('signs in by an email code', async () => {
        expect(await startEmailCodeSignIn(tab.page, email)).toBe('needs_first_factor');
        expect(await finishEmailCodeSignIn(tab.page, await codeFor(email))).toBe('complete');
        expect((await pageAuth(tab.page)).userId).toBe(userId);
        expect(await fetchMe(tab.page)).toMatchObject({ userId });
      });

      it('revoking the session through the Backend API signs the page out', async () => {
        const { sessionId } = await pageAuth(tab.page);
        await instance.api.ok('RevokeSession', { params: { session_id: sessionId! } });
        // The next token request (a refresh) gets 401; clerk-js then reads the client and drops
        // the session.
        expect(await refreshToken(tab.page)).toBeNull();
        await waitFor(
          'the page to sign out',
          () => pageAuth(tab.page),
          (a) => a.userId === null,
          10_000,
        );
        expect(await fetchMe(tab.page)).toMatchObject({ userId: null });
      });
    });
  },
);
