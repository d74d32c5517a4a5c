import type { Page } from 'playwright-core';

/**
 * What the tests call on the page's `window.Clerk` (clerk-js 6's headless API), typed as far
 * as they use it. Everything here runs in the browser through `page.evaluate`.
 */
interface PageClerk {
  user: { id: string } | null | undefined;
  session: { id: string; getToken(o?: { skipCache?: boolean }): Promise<string | null> } | null;
  organization: { id: string } | null | undefined;
  client: {
    signUp: {
      create(p: { emailAddress: string; password: string }): Promise<PageSignUp>;
    };
    signIn: {
      create(p: { identifier: string; password?: string }): Promise<PageSignIn>;
    };
  };
  setActive(p: { session?: string | null; organization?: string | null }): Promise<void>;
  signOut(): Promise<void>;
  mountSignIn(el: unknown): void;
  mountSignUp(el: unknown): void;
  mountOrganizationSwitcher(el: unknown): void;
}
interface PageSignUp {
  status: string;
  createdSessionId: string | null;
  prepareEmailAddressVerification(p: { strategy: 'email_code' }): Promise<PageSignUp>;
  attemptEmailAddressVerification(p: { code: string }): Promise<PageSignUp>;
}
interface PageSignIn {
  status: string;
  createdSessionId: string | null;
  supportedFirstFactors: { strategy: string; emailAddressId?: string }[] | null;
  prepareFirstFactor(p: { strategy: 'email_code'; emailAddressId: string }): Promise<PageSignIn>;
  attemptFirstFactor(p: { strategy: 'email_code'; code: string }): Promise<PageSignIn>;
}
/** The page's global object (the test code compiles without the DOM library). */
interface ClerkWindow {
  Clerk: PageClerk;
  clerkLoaded: Promise<string>;
  document: { getElementById(id: string): unknown };
}

/** Loads `url` and waits for `Clerk.load` to settle; returns `loaded` or why it failed. */
export async function loadPage(page: Page, url: string): Promise<string> {
  await page.goto(url);
  return page.evaluate(() => (globalThis as unknown as ClerkWindow).clerkLoaded);
}

/** `{userId, sessionId, orgId}` as clerk-js holds them. */
export function pageAuth(
  page: Page,
): Promise<{ userId: string | null; sessionId: string | null; orgId: string | null }> {
  return page.evaluate(() => {
    const clerk = (globalThis as unknown as ClerkWindow).Clerk;
    return {
      userId: clerk.user?.id ?? null,
      sessionId: clerk.session?.id ?? null,
      orgId: clerk.organization?.id ?? null,
    };
  });
}

/** The app's `/api/me` (`getAuth` of `@clerk/express`) fetched by the page, cookies and all. */
export function fetchMe(
  page: Page,
): Promise<{ userId: string | null; sessionId: string | null; orgId: string | null }> {
  return page.evaluate(async () => {
    const response = await fetch('/api/me', { credentials: 'include' });
    return (await response.json()) as {
      userId: string | null;
      sessionId: string | null;
      orgId: string | null;
    };
  });
}

/** Starts a sign-up with email and password and asks for an email code. */
export function startSignUp(page: Page, emailAddress: string, password: string): Promise<string> {
  return page.evaluate(
    async ([email, pw]) => {
      const clerk = (globalThis as unknown as ClerkWindow).Clerk;
      const signUp = await clerk.client.signUp.create({ emailAddress: email!, password: pw! });
      const prepared = await signUp.prepareEmailAddressVerification({ strategy: 'email_code' });
      return prepared.status;
    },
    [emailAddress, password],
  );
}

/** Completes the sign-up in progress with `code` and makes its session active. */
export function finishSignUp(page: Page, code: string): Promise<string> {
  return page.evaluate(async (c) => {
    const clerk = (globalThis as unknown as ClerkWindow).Clerk;
    const done = await (
      clerk.client.signUp as unknown as PageSignUp
    ).attemptEmailAddressVerification({ code: c });
    await clerk.setActive({ session: done.createdSessionId });
    return done.status;
  }, code);
}

export function signInWithPassword(
  page: Page,
  identifier: string,
  password: string,
): Promise<string> {
  return page.evaluate(
    async ([id, pw]) => {
      const clerk = (globalThis as unknown as ClerkWindow).Clerk;
      const signIn = await clerk.client.signIn.create({ identifier: id!, password: pw! });
      await clerk.setActive({ session: signIn.createdSessionId });
      return signIn.status;
    },
    [identifier, password],
  );
}

/** Starts a sign-in and asks for an email code; returns the sign-in's status. */
export function startEmailCodeSignIn(page: Page, identifier: string): Promise<string> {
  return page.evaluate(async (id) => {
    const clerk = (globalThis as unknown as ClerkWindow).Clerk;
    const signIn = await clerk.client.signIn.create({ identifier: id });
    const factor = signIn.supportedFirstFactors?.find((f) => f.strategy === 'email_code');
    if (!factor?.emailAddressId)
      return `no email_code factor: ${JSON.stringify(signIn.supportedFirstFactors)}`;
    const prepared = await signIn.prepareFirstFactor({
      strategy: 'email_code',
      emailAddressId: factor.emailAddressId,
    });
    return prepared.status;
  }, identifier);
}

export function finishEmailCodeSignIn(page: Page, code: string): Promise<string> {
  return page.evaluate(async (c) => {
    const clerk = (globalThis as unknown as ClerkWindow).Clerk;
    const signIn = clerk.client.signIn as unknown as PageSignIn;
    const done = await signIn.attemptFirstFactor({ strategy: 'email_code', code: c });
    await clerk.setActive({ session: done.createdSessionId });
    return done.status;
  }, code);
}

export function setActiveOrganization(page: Page, organizationId: string | null): Promise<void> {
  return page.evaluate(
    (org) => (globalThis as unknown as ClerkWindow).Clerk.setActive({ organization: org }),
    organizationId,
  );
}

export function signOut(page: Page): Promise<void> {
  return page.evaluate(() => (globalThis as unknown as ClerkWindow).Clerk.signOut());
}

/** Asks for a fresh token (not the cached one), as a refresh does; null when signed out. */
export function refreshToken(page: Page): Promise<string | null> {
  return page.evaluate(async () => {
    const session = (globalThis as unknown as ClerkWindow).Clerk.session;
    return session ? session.getToken({ skipCache: true }).catch(() => null) : null;
  });
}

export function mountSignIn(page: Page): Promise<void> {
  return page.evaluate(() => {
    const page = globalThis as unknown as ClerkWindow;
    page.Clerk.mountSignIn(page.document.getElementById('sign-in'));
  });
}

export function mountSignUp(page: Page): Promise<void> {
  return page.evaluate(() => {
    const page = globalThis as unknown as ClerkWindow;
    page.Clerk.mountSignUp(page.document.getElementById('sign-in'));
  });
}

/** The first error clerk-js threw (a `ClerkAPIResponseError`), as its form code and field. */
export interface PageError {
  status: number | undefined;
  code: string | undefined;
  paramName: string | undefined;
}

/**
 * Runs one clerk-js call that must fail (`sign-in` with identifier and password, or
 * `sign-up` with email and password) and says how clerk-js reports it.
 */
export function failingCall(
  page: Page,
  call: 'sign-in' | 'sign-up',
  identifier: string,
  password: string,
): Promise<PageError | 'no error'> {
  return page.evaluate(
    async ([what, id, pw]) => {
      const clerk = (globalThis as unknown as ClerkWindow).Clerk;
      try {
        if (what === 'sign-in')
          await clerk.client.signIn.create({ identifier: id!, password: pw! });
        else await clerk.client.signUp.create({ emailAddress: id!, password: pw! });
        return 'no error' as const;
      } catch (e) {
        const error = e as {
          status?: number;
          errors?: { code?: string; meta?: { paramName?: string } }[];
        };
        return {
          status: error.status,
          code: error.errors?.[0]?.code,
          paramName: error.errors?.[0]?.meta?.paramName,
        };
      }
    },
    [call, identifier, password],
  );
}

export function mountOrganizationSwitcher(page: Page): Promise<void> {
  return page.evaluate(() => {
    const page = globalThis as unknown as ClerkWindow;
    page.Clerk.mountOrganizationSwitcher(page.document.getElementById('sign-in'));
  });
}
