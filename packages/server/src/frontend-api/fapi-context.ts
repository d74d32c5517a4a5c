import type { FastifyRequest } from 'fastify';
import type { ClientRow } from '../clients/client-browser.js';
import type { Scope } from '../platform/scope.js';

/**
 * The Frontend API's request model, shared by every FAPI route module (core's and the
 * sign-in/sign-up flows'). A route is `{ method, path, handler }`; the plugin at `/__clerk`
 * (fapi-plugin.ts) resolves the instance and the browser's client into a `FapiContext`
 * before the handler runs, parses the form body, applies `_method`, and renders what the
 * handler returns: the `{response, client}` envelope with the piggybacked client, a bare
 * body, or a redirect. Errors are thrown as `ClerkApiError` (`apiErrors.*`) and rendered as
 * `{errors:[{code,message,long_message,meta}]}` with CORS headers.
 */

/**
 * The methods a FAPI route declares. clerk-js sends only GET and POST (`POST ?_method=X` for
 * the others); the plugin serves both forms.
 */
export type FapiMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** A form field: repeated keys (`a=1&a=2`) become an array. */
export type FormValue = string | string[];
/** A parsed body or query: `application/x-www-form-urlencoded` or JSON (values as strings). */
export type FormFields = Readonly<Record<string, FormValue | undefined>>;

/** How the browser said who it is. */
export type FapiIdentity =
  /** Development: the `__clerk_db_jwt` query parameter (the dev-browser token). */
  | { readonly kind: 'dev_browser'; readonly token: string }
  /** Production: the HttpOnly `__client` cookie (a JWT of the instance naming the client). */
  | { readonly kind: 'client_cookie'; readonly token: string }
  | { readonly kind: 'none' };

/** What a FAPI handler knows of its request. */
export interface FapiContext {
  /**
   * The instance scope, as the Backend API's services take it (db, clock, instance, …).
   * Call other domains' services with it; write with `runWrite(ctx.scope, …)`.
   */
  readonly scope: Scope;
  /** `scope.instance.environment`: development (dev browser) or production (`__client`). */
  readonly environment: 'development' | 'production';
  /** The request's `Origin` (the tokens' `azp`), when sent. */
  readonly origin: string | undefined;
  readonly identity: FapiIdentity;
  /**
   * The browser's client, if it has one yet (resolved by the plugin from `identity`). A
   * handler that needs one calls `ensureClient` inside its write; after that this is set.
   */
  client: ClientRow | undefined;
  /** `_clerk_session_id` (clerk-js adds it outside `/client`): the session the page uses. */
  readonly sessionIdHint: string | undefined;
  /** `Set-Cookie` directives the plugin adds to the response (`__client`, `__client_uat`). */
  readonly setCookies: string[];
  /** Response headers the plugin adds (e.g. `Clerk-Db-Jwt` when a dev browser rotates). */
  readonly headers: Record<string, string>;
  /** The raw request, for what nothing above covers (user agent, IP). */
  readonly request: FastifyRequest;
  /** Every FAPI module (the client serializer renders `sign_in`/`sign_up` through them). */
  readonly modules: readonly FapiModule[];
  /** A new `__client` cookie to sign and set once the write committed (`ensureClient`). */
  pendingClientToken: { readonly clientId: string; readonly rotatingToken: string } | undefined;
}

/** What a handler receives: the context, path parameters, the query and the parsed body. */
export interface FapiRequest {
  readonly ctx: FapiContext;
  readonly params: Readonly<Record<string, string>>;
  readonly query: FormFields;
  readonly body: FormFields;
}

/** What a handler returns; the plugin renders it. */
export type FapiResult =
  /** `{response, client}`: `client` is the request's client as it is after the handler. */
  | { readonly kind: 'envelope'; readonly response: unknown; readonly status?: number }
  /** The body as it is (`GET /v1/environment`, `…/tokens`). */
  | { readonly kind: 'bare'; readonly body: unknown; readonly status?: number }
  /** A redirect (the handshake's 307). */
  | { readonly kind: 'redirect'; readonly location: string; readonly status: 302 | 303 | 307 };

export interface FapiRoute {
  readonly method: FapiMethod;
  /** Under `/v1`, Fastify syntax: `/client/sign_ins/:sign_in_id/attempt_first_factor`. */
  readonly path: string;
  readonly handler: (request: FapiRequest) => Promise<FapiResult>;
  /**
   * Development instances answer every other route 401 `dev_browser_unauthenticated`
   * without a dev-browser token that names a client; these routes run without one
   * (`POST /v1/dev_browser`, the handshake).
   */
  readonly withoutDevBrowser?: boolean;
}

/**
 * What a route module gives the plugin (fapi-routes.ts lists them): its routes and, for the
 * flows, how the client serializer renders the client's current `sign_in` / `sign_up`
 * (given their ids; `null` when the attempt is gone).
 */
export interface FapiModule {
  readonly routes: readonly FapiRoute[];
  readonly clientAttempts?: {
    readonly signIn?: ClientAttemptSerializer;
    readonly signUp?: ClientAttemptSerializer;
  };
}
export type ClientAttemptSerializer = (ctx: FapiContext, id: string) => Promise<unknown>;

/** Typed identity helper for a module's routes (keeps `satisfies` out of every module). */
export function defineFapiModule(module: FapiModule): FapiModule {
  return module;
}

/** `{response, client}`: the plugin fills `client` with the whole client (or null). */
export function withClient(response: unknown, status?: number): FapiResult {
  return { kind: 'envelope', response, ...(status === undefined ? {} : { status }) };
}

/** A body sent as it is, without the envelope. */
export function bare(body: unknown, status?: number): FapiResult {
  return { kind: 'bare', body, ...(status === undefined ? {} : { status }) };
}

export function redirectTo(location: string, status: 302 | 303 | 307 = 307): FapiResult {
  return { kind: 'redirect', location, status };
}

/** Clerk's wire timestamps are Unix milliseconds; stored `Millis` may come back as strings. */
export function ms(value: number | string | bigint): number;
export function ms(value: number | string | bigint | null): number | null;
export function ms(value: number | string | bigint | null): number | null {
  return value === null ? null : Number(value);
}

/** What `startClientSession` needs beyond the context. */
export interface ClientSessionInput {
  readonly userId: string;
  /** How the user signed in (`password`, `email_code`, …): the client's last strategy. */
  readonly strategy?: string | undefined;
  /** When the first factor was verified (default now) and the second, if any. */
  readonly firstFactorVerifiedAt?: number | null;
  readonly secondFactorVerifiedAt?: number | null;
  readonly activeOrganizationId?: string | null;
}

export {
  attachSignIn,
  attachSignUp,
  ensureClient,
  startClientSession,
} from './fapi-client-writes.js';
export {
  formBoolean,
  formString,
  formStrings,
  optionalFormString,
  requireFormString,
} from './form-fields.js';
