import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testDialects, type DialectName } from '../helpers/test-server.js';
import { startTestApp, type TestApp } from './browser/app.js';
import {
  createFapiInstance,
  startCastellan,
  type FapiInstance,
  type ListeningCastellan,
} from './browser/castellan.js';
import {
  launchChromium,
  openTab,
  skipBrowser,
  waitFor,
  type BrowserTab,
} from './browser/chromium.js';
import {
  fetchMe,
  loadPage,
  mountOrganizationSwitcher,
  mountSignIn,
  mountSignUp,
  pageAuth,
  signInWithPassword,
} from './browser/page-clerk.js';

/** docs/fapi-sign-in.png, rewritten when CASTELLAN_SCREENSHOT=1. */
const SCREENSHOT = new URL('../../../../docs/fapi-sign-in.png', import.meta.url);
const PASSWORD = 'correct-horse-battery-staple-42';

/**
 * Issue 15: `@clerk/ui`'s prebuilt `<SignIn/>` and `<SignUp/>`, mounted by clerk-js on the
 * page, work on the environment Castellan serves: `<SignIn/>` asks for the identifier, then
 * the password, shows the field error Clerk's UI maps from `form_password_incorrect`, and
 * signs in; `<SignUp/>` takes email and password, then the emailed code;
 * `<OrganizationSwitcher/>` lists the user's organizations and makes one active.
 */
describe.skipIf(skipBrowser).each(testDialects())(
  '<SignIn/> of @clerk/ui in Chromium (%s)',
  { timeout: 60_000 },
  (dialect: DialectName) => {
    let castellan: ListeningCastellan;
    let browser: Browser;
    let instance: FapiInstance;
    let app: TestApp;
    let tab: BrowserTab;

    beforeAll(async () => {
      castellan = await startCastellan(dialect);
      browser = await launchChromium();
      instance = await createFapiInstance(castellan, 'development', []);
      app = await startTestApp(castellan.origin, instance, 'cross-origin');
      tab = await openTab(browser);
    });
    afterEach((context) => {
      if (context.task.result?.state === 'fail') {
        console.log(`FAPI transcript (${dialect}, <SignIn/>):\n${tab.transcript()}`);
      }
    });
    afterAll(async () => {
      await tab?.context.close();
      await browser?.close();
      await app?.close();
      await castellan?.close();
    });

    it('shows the field error for a wrong password, then signs in with the right one', async () => {
      const email = `ui-${Math.random().toString(36).slice(2, 8)}@example.com`;
      const user = await instance.api.ok('CreateUser', {
        body: { email_address: [email], password: PASSWORD },
      });
      const { page } = tab;
      expect(await loadPage(page, `${app.origin}/`)).toBe('loaded');
      await mountSignIn(page);

      await page.locator('input[name="identifier"]').fill(email);
      await page.locator('.cl-formButtonPrimary').click();
      const password = page.locator('input[name="password"]');
      await password.waitFor({ state: 'visible' });
      await password.fill('not-the-password-1');
      await page.locator('.cl-formButtonPrimary').click();
      const fieldError = page.locator('#error-password');
      await fieldError.waitFor({ state: 'visible' });
      expect(await fieldError.textContent()).toMatch(/incorrect/i);
      if (process.env.CASTELLAN_SCREENSHOT === '1') {
        await page.locator('.cl-rootBox').screenshot({ path: SCREENSHOT.pathname });
      }

      await password.fill(PASSWORD);
      await page.locator('.cl-formButtonPrimary').click();
      await page.locator('#status', { hasText: `signed-in:${user.id}` }).waitFor();
      expect(await fetchMe(page)).toMatchObject({ userId: user.id });
      expect(tab.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
    });

    it('<OrganizationSwitcher/> lists the user’s organizations and switches to one', async () => {
      const orgTab = await openTab(browser);
      try {
        const { page } = orgTab;
        const email = `ui-org-${Math.random().toString(36).slice(2, 8)}@example.com`;
        const user = await instance.api.ok('CreateUser', {
          body: { email_address: [email], password: PASSWORD },
        });
        const org = await instance.api.ok('CreateOrganization', {
          body: { name: 'Switcher Org', created_by: user.id },
        });
        expect(await loadPage(page, `${app.origin}/`)).toBe('loaded');
        expect(await signInWithPassword(page, email, PASSWORD)).toBe('complete');
        await mountOrganizationSwitcher(page);
        await page.locator('.cl-organizationSwitcherTrigger').click();
        await page.getByText('Switcher Org').click();
        await waitFor(
          'the page to switch',
          () => pageAuth(page),
          (a) => a.orgId === org.id,
          10_000,
        );
        await waitFor(
          'the app to see it',
          () => fetchMe(page),
          (me) => me.orgId === org.id,
          10_000,
        );
        expect(orgTab.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
      } catch (error) {
        console.log(
          `FAPI transcript (${dialect}, <OrganizationSwitcher/>):\n${orgTab.transcript()}`,
        );
        throw error;
      } finally {
        await orgTab.context.close();
      }
    });

    it('<SignUp/> signs a new user up with email, password and the test-mode code', async () => {
      const signUpTab = await openTab(browser);
      try {
        const { page } = signUpTab;
        // Clerk's test mode (development): `+clerk_test` addresses take 424242.
        const email = `ui-new-${Math.random().toString(36).slice(2, 8)}+clerk_test@example.com`;
        expect(await loadPage(page, `${app.origin}/`)).toBe('loaded');
        await mountSignUp(page);
        await page.locator('input[name="emailAddress"]').fill(email);
        await page.locator('input[name="password"]').fill(PASSWORD);
        await page.locator('.cl-formButtonPrimary').click();
        const code = page.locator('input[autocomplete="one-time-code"]');
        await code.waitFor({ state: 'visible' });
        await code.pressSequentially('424242');
        await page.locator('#status', { hasText: 'signed-in:user_' }).waitFor();
        const userId = (await page.textContent('#status'))!.replace('signed-in:', '');
        const user = await instance.api.ok('GetUser', { params: { user_id: userId } });
        expect(user.email_addresses.map((e) => e.email_address)).toEqual([email]);
        expect(signUpTab.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
      } catch (error) {
        console.log(`FAPI transcript (${dialect}, <SignUp/>):\n${signUpTab.transcript()}`);
        throw error;
      } finally {
        await signUpTab.context.close();
      }
    });
  },
);
