import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { clerkFrontendApiProxy } from '@clerk/backend/proxy';
import { clerkMiddleware, createClerkClient, getAuth } from '@clerk/express';
import express, { type Request, type Response } from 'express';
import type { FapiInstance } from './castellan.js';

// The packages' `exports` hide their browser bundles; their main entries sit beside them.
const require = createRequire(import.meta.url);
const distOf = (pkg: string) => path.dirname(require.resolve(pkg));
export const CLERK_JS_DIST = distOf('@clerk/clerk-js');
export const CLERK_UI_DIST = distOf('@clerk/ui');

/**
 * How the page reaches the Frontend API:
 * - `cross-origin`: clerk-js's `proxyUrl` is Castellan's own `/__clerk/<instance id>`;
 * - `proxy`: the app reverse-proxies its `/__clerk` to Castellan with `@clerk/backend/proxy`,
 *   which sends the instance's secret key (`Clerk-Secret-Key`), and the page says `/__clerk`.
 */
export type FapiRoute = 'cross-origin' | 'proxy';

export interface TestApp {
  origin: string;
  /** The `proxyUrl` clerk-js is given and `authenticateRequest` hands shakes to. */
  proxyUrl: string;
  close(): Promise<void>;
}

/** The page: clerk-js and @clerk/ui from node_modules, `Clerk.load` without telemetry. */
function pageHtml(instance: FapiInstance, proxyUrl: string, serverAuth: unknown): string {
  const auth = serverAuth === undefined ? '' : JSON.stringify(serverAuth);
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Castellan FAPI test app</title></head>
<body>
<pre id="server-auth">${auth.replace(/</g, '\\u003c')}</pre>
<div id="status">loading</div>
<div id="sign-in"></div>
<script src="/clerk-ui/ui.browser.js"></script>
<script src="/clerk-js/clerk.browser.js" data-clerk-publishable-key="${instance.publishableKey}"
  data-clerk-proxy-url="${proxyUrl}"></script>
<script>
  const status = document.getElementById('status');
  const show = () => {
    status.textContent = window.Clerk.user ? 'signed-in:' + window.Clerk.user.id : 'signed-out';
  };
  // Clerk navigates after sign-in and sign-out; in place, so a test keeps its page.
  window.clerkLoaded = window.Clerk.load({
    telemetry: false,
    ui: { ClerkUI: window.__internal_ClerkUICtor },
    routerPush: (to) => history.pushState(null, '', to),
    routerReplace: (to) => history.replaceState(null, '', to),
  }).then(() => { show(); window.Clerk.addListener(show); return 'loaded'; },
          (e) => { status.textContent = 'load-failed: ' + e; return 'failed: ' + e; });
</script>
</body></html>`;
}

/** What the app's backend (`@clerk/express`) says of a request. */
function authOf(req: Request): {
  userId: string | null;
  sessionId: string | null;
  orgId: string | null;
} {
  const auth = getAuth(req);
  return { userId: auth.userId, sessionId: auth.sessionId, orgId: auth.orgId ?? null };
}

/**
 * An Express app for one instance: `/` a plain page (no backend auth), `/app` the same page
 * behind `clerkMiddleware` with what the server saw (a full navigation: the handshake),
 * `/api/me` what `getAuth` says of a `fetch`.
 */
export async function startTestApp(
  castellanOrigin: string,
  instance: FapiInstance,
  route: FapiRoute,
): Promise<TestApp> {
  const app = express();
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const proxyUrl =
    route === 'proxy' ? `${origin}/__clerk` : `${castellanOrigin}/__clerk/${instance.instanceId}`;

  app.use('/clerk-js', express.static(CLERK_JS_DIST));
  app.use('/clerk-ui', express.static(CLERK_UI_DIST));
  if (route === 'proxy') {
    app.use('/__clerk', (req, res, next) => {
      void proxyToCastellan(req, res, castellanOrigin, instance).catch(next);
    });
  }
  app.get('/', (_req, res) => void res.type('html').send(pageHtml(instance, proxyUrl, undefined)));

  const clerkClient = createClerkClient({
    secretKey: instance.secretKey,
    publishableKey: instance.publishableKey,
    apiUrl: castellanOrigin,
    telemetry: { disabled: true },
  });
  const withAuth = clerkMiddleware({
    clerkClient,
    secretKey: instance.secretKey,
    publishableKey: instance.publishableKey,
    proxyUrl,
  });
  app.get('/app', withAuth, (req, res) => {
    res.type('html').send(pageHtml(instance, proxyUrl, authOf(req)));
  });
  app.get('/api/me', withAuth, (req, res) => void res.json(authOf(req)));

  return {
    origin,
    proxyUrl,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `/__clerk/*` → Castellan's `/__clerk/*`, through `clerkFrontendApiProxy` as an app would. */
async function proxyToCastellan(
  req: Request,
  res: Response,
  castellanOrigin: string,
  instance: FapiInstance,
): Promise<void> {
  const url = `http://${req.headers.host}${req.originalUrl}`;
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(key, v);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const request = new Request(url, {
    method: req.method,
    headers,
    ...(hasBody ? { body: Buffer.concat(chunks) } : {}),
  });
  const response = await clerkFrontendApiProxy(request, {
    fapiUrl: `${castellanOrigin}/__clerk`,
    publishableKey: instance.publishableKey,
    secretKey: instance.secretKey,
  });
  res.status(response.status);
  response.headers.forEach((value, key) => {
    if (key !== 'set-cookie') res.setHeader(key, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  res.end(Buffer.from(await response.arrayBuffer()));
}
