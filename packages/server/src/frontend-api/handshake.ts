import { bindDevBrowserToken } from '../clients/client-browser.js';
import { openClient } from '../clients/client-writes.js';
import { apiErrors } from '../errors/api-errors.js';
import { currentSigningKey } from '../instances/signing-key-service.js';
import { runWrite } from '../platform/write.js';
import { signRs256 } from '../sessions/jwt.js';
import { cookieSuffix } from '../sessions/session-cookies.js';
import { activeSessionRowsOfClient } from '../sessions/session-reads.js';
import { createBrowserSessionToken, issueRefreshToken } from '../sessions/session-token-service.js';
import { findClient } from '../clients/client-browser.js';
import { newDevBrowserToken } from './dev-browser-token.js';
import type { FapiContext } from './fapi-context.js';
import { isAllowedOrigin } from './fapi-cors.js';

/**
 * The handshake (`GET /v1/client/handshake`), which `@clerk/backend`'s `authenticateRequest`
 * sends a document request through when its cookies cannot tell the state (no dev browser,
 * `__client_uat` and `__session` disagreeing, an expired token). The FAPI works out the
 * browser's client (development: the `__clerk_db_jwt` parameter, a new dev browser when it
 * has none; production: the `__client` cookie), writes the cookies the app must set
 * (`__session`, `__client_uat`, `__refresh`, in development `__clerk_db_jwt`; plain and
 * suffixed), and
 * sends the browser back to `redirect_url` with them in a handshake token: a JWT signed with
 * the instance's key carrying `{handshake: [Set-Cookie directives]}`, which the backend
 * verifies like a session token. Development gets it as the `__clerk_handshake` query
 * parameter, production as a cookie. `format=nonce` is answered with the token too:
 * `@clerk/backend` accepts either, and the token needs no Backend API round trip.
 */

const HANDSHAKE_TOKEN_SECONDS = 60;
const COOKIE_MAX_AGE_SECONDS = 365 * 24 * 3600;

/** The `redirect_url`, which must be a page of an origin the instance allows. */
async function redirectTarget(ctx: FapiContext, raw: string | undefined): Promise<URL> {
  if (!raw) throw apiErrors.paramMissing('redirect_url');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw apiErrors.paramFormatInvalid('redirect_url', 'must be an absolute URL');
  }
  if (!(await isAllowedOrigin(ctx.scope, url.origin))) {
    throw apiErrors.paramValueInvalid('redirect_url', 'is not on an origin the instance allows');
  }
  return url;
}

/** A development browser without a (known) token gets a new one, as POST /v1/dev_browser. */
async function ensureDevBrowser(ctx: FapiContext): Promise<string | undefined> {
  if (ctx.environment !== 'development') return undefined;
  if (ctx.client && ctx.identity.kind === 'dev_browser') return ctx.identity.token;
  const token = newDevBrowserToken(ctx.scope.instanceId);
  const clientId = await runWrite(ctx.scope, async (tx) => {
    const id = await openClient(tx);
    await bindDevBrowserToken(tx, id, token);
    return id;
  });
  ctx.client = await findClient(ctx.scope.db, ctx.scope.instanceId, clientId);
  return token;
}

/** The `Set-Cookie` directives for the app: the client's signed-in state as cookies. */
async function handshakeDirectives(ctx: FapiContext, target: URL, devToken: string | undefined) {
  const secure = target.protocol === 'https:' ? '; Secure' : '';
  const suffix = cookieSuffix(ctx.scope.instance.publishableKey);
  const both = (name: string, value: string, attributes: string) => [
    `${name}=${value}; ${attributes}`,
    `${name}_${suffix}=${value}; ${attributes}`,
  ];
  const now = ctx.scope.clock.now();
  const client = ctx.client;
  const sessions = client
    ? await activeSessionRowsOfClient(ctx.scope.db, ctx.scope.instanceId, client.id, now)
    : [];
  const session =
    sessions.find((s) => s.id === client?.last_active_session_id) ?? sessions.at(-1) ?? null;
  const directives: string[] = [];
  const kept = `Path=/; Max-Age=${COOKIE_MAX_AGE_SECONDS}; SameSite=Lax${secure}`;
  if (session && client) {
    const { jwt } = await createBrowserSessionToken(ctx.scope, session, { azp: target.origin });
    directives.push(...both('__session', jwt, `Path=/; SameSite=Lax${secure}`));
    const uat = String(Math.floor(Number(client.updated_at) / 1000));
    directives.push(...both('__client_uat', uat, kept));
    // For `authenticateRequest`'s server-side refresh of an expired token (BAPI
    // RefreshSession); read by the app's server only.
    const refresh = await issueRefreshToken(ctx.scope, session.id);
    directives.push(...both('__refresh', refresh, `${kept}; HttpOnly`));
  } else {
    directives.push(...both('__session', '', `Path=/; Max-Age=0; SameSite=Lax${secure}`));
    directives.push(...both('__client_uat', '0', kept));
  }
  if (devToken) directives.push(...both('__clerk_db_jwt', devToken, kept));
  // Production hands the token over in a cookie, which @clerk/backend resolves on every
  // request while it exists: its own directives delete it, so it is used once.
  if (ctx.environment === 'production') {
    directives.push(`__clerk_handshake=; Path=/; Max-Age=0; SameSite=Lax${secure}`);
  }
  return directives;
}

/** Runs the handshake; answers where to send the browser and the cookies the FAPI sets. */
export async function runHandshake(
  ctx: FapiContext,
  redirectUrl: string | undefined,
): Promise<string> {
  const target = await redirectTarget(ctx, redirectUrl);
  const devToken = await ensureDevBrowser(ctx);
  const directives = await handshakeDirectives(ctx, target, devToken);
  const key = await currentSigningKey(ctx.scope);
  const iat = Math.floor(ctx.scope.clock.now() / 1000);
  const token = await signRs256(key.kid, key.privateKey, {
    handshake: directives,
    iat,
    exp: iat + HANDSHAKE_TOKEN_SECONDS,
  });
  if (ctx.environment === 'development') {
    target.searchParams.set('__clerk_handshake', token);
  } else {
    const secure = target.protocol === 'https:' ? '; Secure' : '';
    ctx.setCookies.push(
      `__clerk_handshake=${token}; Path=/; Max-Age=${HANDSHAKE_TOKEN_SECONDS}; SameSite=Lax${secure}`,
    );
  }
  return target.toString();
}
