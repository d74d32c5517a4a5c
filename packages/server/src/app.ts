import type { OperationId } from '@castellan/contract';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { registerSecretKeyAuth } from './auth/secret-key-auth.js';
import { type Clock, systemClock } from './platform/clock.js';
import { openDatabase, type Database, type DatabaseOptions } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { handleError, MAX_PARAM_LENGTH, registerErrorHandling } from './errors/error-handler.js';
import { handleClientError } from './http/client-errors.js';
import { trackInFlightRequests, type InFlightRequests } from './http/drain.js';
import { registerInputGuard } from './http/input-guard.js';
import { registerHealthRoutes } from './health/health-routes.js';
import { registerExactJsonContentType, registerJsonBodyParser } from './http/json-body.js';
import { generateTraceId, registerRequestLogging } from './http/request-logging.js';
import { registerSerializerCompiler } from './http/serializer-compiler.js';
import { registerValidatorCompilers } from './http/validator-compilers.js';
import {
  bootstrapDefaultInstance,
  createInstanceResolver,
  type BootstrapResult,
} from './instances/instance-service.js';
import { jwksRoutes } from './instances/jwks-routes.js';
import { jwtTemplateRoutes } from './jwt-templates/jwt-template-routes.js';
import { identificationRoutes } from './identifications/identification-routes.js';
import { registerMessageRoutes } from './messages/message-routes.js';
import { createMessageTransport } from './messages/message-transports.js';
import type { MessageTransport } from './platform/message-transport.js';
import { registerOpenApiRoutes } from './openapi/openapi-routes.js';
import { registerRoutes, type RoutesTable } from './platform/routes.js';
import { roleRoutes } from './roles/role-routes.js';
import { organizationRoutes } from './organizations/organization-routes.js';
import { organizationDomainRoutes } from './organizations/organization-domain-routes.js';
import { organizationInvitationRoutes } from './organizations/organization-invitation-routes.js';
import type { EncryptionKeyInput, EncryptionKeyRing } from './secrets/encryption-key.js';
import { sessionRoutes } from './sessions/session-routes.js';
import { clientRoutes } from './clients/client-routes.js';
import { restrictionRoutes } from './restrictions/restriction-routes.js';
import { signInTokenRoutes } from './sign-in-tokens/sign-in-token-routes.js';
import { actorTokenRoutes } from './actor-tokens/actor-token-routes.js';
import { testingTokenRoutes } from './testing-tokens/testing-token-routes.js';
import { redirectUrlRoutes } from './redirect-urls/redirect-url-routes.js';
import { signUpRoutes } from './sign-ups/sign-up-routes.js';
import { interstitialRoutes } from './interstitial/interstitial-routes.js';
import { instanceSettingsRoutes } from './instances/instance-settings-routes.js';
import { domainRoutes } from './domains/domain-routes.js';
import { registerDomainAliases } from './domains/domain-aliases.js';
import { proxyCheckRoutes } from './proxy-checks/proxy-check-routes.js';
import { resolveServerKeys } from './secrets/key-source.js';
import { openSecretBox } from './secrets/open-secret-box.js';
import type { SecretBox } from './secrets/secret-box.js';
import { userAuthnRoutes } from './users/user-authn-routes.js';
import { userRoutes } from './users/user-routes.js';
import { userAccountsRoutes } from './users/user-accounts-routes.js';
import { createBaseUrlResolver } from './images/base-url.js';
import { registerImageRoutes } from './images/image-routes.js';
import { openFileStore } from './files/open-file-store.js';
import type { FileStore } from './files/file-store.js';
import type { OutboundOptions } from './outbound/outbound-options.js';
import { invitationRoutes } from './invitations/invitation-routes.js';
import {
  oauthAccessTokenRoutes,
  oauthApplicationRoutes,
} from './oauth-applications/oauth-application-routes.js';
import { waitlistRoutes } from './waitlist/waitlist-routes.js';
import { adminPortalRoutes } from './admin-portal/admin-portal-routes.js';
import { registerAdminPortalPage } from './admin-portal/admin-portal-page.js';
import { registerOAuthDiscoveryRoutes } from './oauth-applications/oauth-discovery-routes.js';
import { svixAppRoutes } from './webhooks/svix-app-routes.js';
import { registerSvixApi } from './webhooks/svix-api/svix-api-routes.js';
import { registerPortalRoutes } from './webhooks/portal/portal-routes.js';
import { templateRoutes } from './templates/template-routes.js';
import { WebhookWorker, type WebhookWorkerOptions } from './webhooks/delivery-worker.js';
import {
  enterpriseConnectionRoutes,
  samlConnectionRoutes,
} from './enterprise-connections/enterprise-connection-routes.js';
import { registerSpMetadataRoutes } from './enterprise-connections/sp-metadata-routes.js';
import {
  MACHINE_KEY_OPERATIONS,
  machineRoutes,
  machineTokenRoutes,
} from './machine-auth/machine-auth-routes.js';
import { createMachineKeyResolver } from './machine-auth/machine-key-resolver.js';
import { findInstanceById } from './instances/instance-store.js';
import { toInstance } from './instances/instance-rows.js';
import type { RateLimitOptions } from './rate-limits/rate-limit-config.js';
import { registerRateLimits } from './rate-limits/rate-limit-hook.js';
import { createRateLimiter } from './rate-limits/rate-limiter.js';
import { registerFrontendApi } from './frontend-api/fapi-plugin.js';
import { FAPI_MODULES } from './frontend-api/fapi-routes.js';

/** Every domain's routes table, registered under `/v1`. */
const ROUTES: readonly RoutesTable[] = [
  jwksRoutes,
  userRoutes,
  userAuthnRoutes,
  userAccountsRoutes,
  restrictionRoutes,
  identificationRoutes,
  jwtTemplateRoutes,
  signInTokenRoutes,
  actorTokenRoutes,
  testingTokenRoutes,
  redirectUrlRoutes,
  signUpRoutes,
  interstitialRoutes,
  instanceSettingsRoutes,
  domainRoutes,
  proxyCheckRoutes,
  sessionRoutes,
  clientRoutes,
  organizationRoutes,
  invitationRoutes,
  roleRoutes,
  organizationDomainRoutes,
  organizationInvitationRoutes,
  oauthApplicationRoutes,
  oauthAccessTokenRoutes,
  svixAppRoutes,
  templateRoutes,
  samlConnectionRoutes,
  enterpriseConnectionRoutes,
  waitlistRoutes,
  adminPortalRoutes,
  machineRoutes,
  machineTokenRoutes,
];

export interface CreateServerOptions {
  /** An open database, or how to open one (default: SQLite in `./.castellan`). */
  database?: Database | DatabaseOptions;
  /** Pins the default instance's secret key (`CLERK_SECRET_KEY`). */
  secretKey?: string | undefined;
  /** Lets `secretKey` replace a different stored key; without it a different key is refused. */
  replaceSecretKey?: boolean | undefined;
  /** How long a resolved secret key is trusted before it is looked up again (default 10 s). */
  secretKeyCacheTtlMs?: number;
  /**
   * Where clients reach this server (`https://auth.example.com`), for the OpenAPI document's
   * server URL and the URLs in answers (`image_url`). Without it the document says `/v1`,
   * relative to wherever it was fetched from, and image URLs use the address the server
   * listens on; never the request's `Host` header.
   */
  publicUrl?: string | undefined;
  /**
   * Host encoded in the default instance's publishable key on first start (default: a
   * development host clerk-js accepts, `ins-<id>.castellan.accounts.dev`).
   */
  frontendApi?: string;
  /** pino options, `false` to log nothing (default: info to stdout). */
  logger?: FastifyServerOptions['logger'];
  bodyLimit?: number;
  /** Where time-dependent rules read the time (default: the system clock; tests set their own). */
  clock?: Clock;
  /**
   * Key-encryption key for secrets at rest (ADR 0003): base64 of 32 bytes, the bytes, or a
   * ring from `loadEncryptionKeys`. Default: `<dataDir>/encryption.key` when the server
   * opens the database from a data dir, a random key for SQLite `:memory:`; required with
   * any other open `database`.
   */
  encryptionKey?: EncryptionKeyInput | EncryptionKeyRing | undefined;
  /** Keys that sealed stored values before a rotation: read and re-sealed, never used to seal. */
  previousEncryptionKeys?: readonly EncryptionKeyInput[] | undefined;
  /**
   * Where uploaded files (profile images) are kept. Default: `<dataDir>/files` when the
   * server opens the database itself, in memory for SQLite `:memory:` or an open `database`.
   */
  files?: FileStore;
  /** Emails (verification codes, notices) go over SMTP: `smtp(s)://user:pass@host:port`. */
  smtpUrl?: string | undefined;
  /** The emails' `From` (default `Castellan <no-reply@localhost>`). */
  smtpFrom?: string | undefined;
  /** SMS are POSTed as JSON to this URL (`SMS_WEBHOOK_URL`, docs/messages.md); else logged. */
  smsUrl?: string | undefined;
  /** Where messages go instead (embedding, tests); default: SMTP / SMS URL if set, else the log. */
  transport?: MessageTransport | undefined;
  /** Outbound requests (proxy checks): timeout, size cap, which addresses they may reach. */
  outbound?: OutboundOptions | undefined;
  /**
   * Webhook delivery (docs/webhooks.md): `true` or options start the worker when the server
   * is ready and stop it on close (`enabled: false` configures it without starting it).
   * Default off (`castellan serve` turns it on); tests drive `app.castellan.webhooks.drain()`.
   */
  webhooks?: boolean | (WebhookWorkerOptions & { enabled?: boolean }) | undefined;
  /**
   * Backend API rate limits (docs/rate-limits.md). Default: Clerk's limits on production
   * instances, none on development ones, counters in memory.
   */
  rateLimits?: RateLimitOptions | undefined;
}

/** What the server knows about its encryption key (never the key). */
export interface EncryptionInfo {
  kid: string;
  source: string;
  /** The key file written on this start: it must be backed up. */
  generatedFile?: string | undefined;
  /** Stored values sealed on this start (clear ones, or under a previous key). */
  resealed: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    castellan: {
      database: Database;
      bootstrap: BootstrapResult;
      draining: boolean;
      inFlight: InFlightRequests;
      /** Every contract operation this server registered (the fuzz test walks them). */
      operationIds: ReadonlySet<OperationId>;
      secrets: SecretBox;
      encryption: EncryptionInfo;
      files: FileStore;
      /** Where emails and SMS go (the log, SMTP, or what `createServer` was given). */
      transport: MessageTransport;
      /** How outbound requests (proxy checks) behave. */
      outbound: OutboundOptions;
      /** The webhook worker (running when `createServer({ webhooks })` asked for it). */
      webhooks: WebhookWorker;
    };
  }
}

function isDatabase(value: unknown): value is Database {
  return typeof value === 'object' && value !== null && 'db' in value && 'dialect' in value;
}

/**
 * Builds the Castellan server: migrates the database, makes sure the default instance
 * exists and registers every route. It never listens: `main.ts` does, tests use `inject()`.
 */
export async function createServer(options: CreateServerOptions = {}): Promise<FastifyInstance> {
  const ownsDatabase = !isDatabase(options.database);
  const database = isDatabase(options.database)
    ? options.database
    : openDatabase(options.database ?? {});
  try {
    const keys = resolveServerKeys({
      encryptionKey: options.encryptionKey,
      previousEncryptionKeys: options.previousEncryptionKeys,
      databaseOptions: ownsDatabase ? ((options.database as DatabaseOptions) ?? {}) : undefined,
      inMemory: database.inMemory,
    });
    await migrateToLatest(database.db);
    const { box: secrets, resealed } = await openSecretBox(database.db, keys.ring);
    const bootstrap = await bootstrapDefaultInstance(database.db, {
      pinnedSecretKey: options.secretKey,
      replaceSecretKey: options.replaceSecretKey,
      frontendApi: options.frontendApi,
      secrets,
    });
    const encryption: EncryptionInfo = {
      kid: secrets.currentKid,
      source: keys.source,
      generatedFile: keys.generatedFile,
      resealed,
    };

    const files =
      options.files ??
      openFileStore(
        ownsDatabase && !database.inMemory ? (options.database as DatabaseOptions) : undefined,
      );
    const app = Fastify({
      logger:
        options.logger === undefined
          ? { level: 'info', redact: ['req.headers.authorization', 'headers.authorization'] }
          : options.logger,
      // Our own one line per request (request-logging.ts) replaces Fastify's two.
      logController: new LogController({ disableRequestLogging: true }),
      genReqId: generateTraceId,
      bodyLimit: options.bodyLimit ?? 1024 * 1024,
      routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PARAM_LENGTH },
      // The router's own failures (a malformed URL, an overlong path parameter) and what
      // Node's HTTP parser refuses get the Clerk envelope too.
      frameworkErrors: handleError,
      clientErrorHandler: handleClientError,
    });
    const transport =
      options.transport ??
      createMessageTransport(
        {
          smtp: options.smtpUrl ? { url: options.smtpUrl, from: options.smtpFrom } : undefined,
          sms: options.smsUrl ? { url: options.smsUrl } : undefined,
        },
        app.log,
      );
    const operationIds = new Set<OperationId>();
    app.addHook('onRoute', (route) => {
      const id = (route.config as { operationId?: OperationId } | undefined)?.operationId;
      if (id) operationIds.add(id);
    });
    app.decorate('castellan', {
      database,
      bootstrap,
      draining: false,
      inFlight: trackInFlightRequests(app),
      operationIds,
      secrets,
      encryption,
      files,
      transport,
      outbound: options.outbound ?? {},
      webhooks: new WebhookWorker(
        {
          database,
          secrets,
          clock: options.clock ?? systemClock,
          outbound: options.outbound ?? {},
          log: app.log,
        },
        typeof options.webhooks === 'object' ? options.webhooks : {},
      ),
    });
    const webhooksEnabled =
      typeof options.webhooks === 'object'
        ? options.webhooks.enabled !== false
        : !!options.webhooks;
    if (webhooksEnabled) app.addHook('onReady', async () => app.castellan.webhooks.start());
    // Before the database closes (onClose): attempts in flight end and are recorded.
    app.addHook('preClose', async () => app.castellan.webhooks.stop());
    // The banner names the key; the log says more only when this start re-encrypted values.
    const level = resealed > 0 ? 'info' : 'debug';
    app.log[level]({ kid: encryption.kid, source: encryption.source, resealed }, 'secrets at rest');
    // While draining, answers close their connection, so keep-alive clients let go and
    // close() can finish as soon as the in-flight requests have been answered.
    app.addHook('onSend', async (_request, reply, payload) => {
      if (app.castellan.draining) reply.header('connection', 'close');
      return payload;
    });
    if (ownsDatabase) app.addHook('onClose', async () => database.close());

    registerValidatorCompilers(app);
    registerSerializerCompiler(app);
    registerJsonBodyParser(app);
    registerExactJsonContentType(app);
    registerRequestLogging(app);
    registerErrorHandling(app);
    registerInputGuard(app);
    registerHealthRoutes(app, database);
    registerOpenApiRoutes(app, { publicUrl: options.publicUrl });
    registerImageRoutes(app, { db: database.db, files });

    const clock = options.clock ?? systemClock;
    const baseUrl = createBaseUrlResolver(options.publicUrl, () => app.server.address());
    registerOAuthDiscoveryRoutes(app, { db: database.db, baseUrl });
    registerSpMetadataRoutes(app, { db: database.db, baseUrl });
    const resolveInstance = createInstanceResolver(database.db, {
      ttlMs: options.secretKeyCacheTtlMs,
    });
    // `/v1` and Castellan's own `/castellan` resolve the same keys to the same scopes.
    const resolveMachineKey = createMachineKeyResolver(database.db, clock);
    const machineKeys = {
      operations: MACHINE_KEY_OPERATIONS,
      resolve: async (key: string) => {
        const owner = await resolveMachineKey(key);
        const row = owner && (await findInstanceById(database.db, owner.instanceId));
        return owner && row
          ? { instance: toInstance(row, ''), machineId: owner.machineId }
          : undefined;
      },
    };
    const rateLimiter = createRateLimiter(options.rateLimits ?? {}, app.log);
    if (rateLimiter) {
      await rateLimiter.ready();
      app.addHook('onClose', async () => rateLimiter.close());
    }
    const auth = {
      database,
      resolveInstance,
      secrets,
      clock,
      files,
      transport,
      baseUrl,
      machineKeys,
    };
    await app.register(
      async (v1) => {
        registerSecretKeyAuth(v1, auth);
        registerRateLimits(v1, rateLimiter);
        for (const routes of ROUTES) registerRoutes(v1, routes);
        registerDomainAliases(v1);
      },
      { prefix: '/v1' },
    );
    // `@clerk/backend` calls M2M tokens, API keys and OAuth token verification without `/v1` (COMPAT.md): the same
    // operations, handlers and keys there too.
    await app.register(async (unversioned) => {
      registerSecretKeyAuth(unversioned, auth);
      registerRateLimits(unversioned, rateLimiter);
      registerRoutes(unversioned, machineTokenRoutes);
      registerRoutes(unversioned, oauthAccessTokenRoutes);
    });
    // Castellan's own endpoints (not Clerk's API), behind the same secret keys.
    await app.register(
      async (own) => {
        registerSecretKeyAuth(own, auth);
        registerMessageRoutes(own);
        registerPortalRoutes(own, { database, clock });
        registerAdminPortalPage(own, auth);
      },
      { prefix: '/castellan' },
    );
    // The Frontend API (docs/frontend-api.md): browsers, no secret key, under its own prefix.
    await registerFrontendApi(app, { ...auth, modules: FAPI_MODULES });
    // The Svix-compatible endpoint API (docs/svix-api.md): secret keys or portal sessions.
    await app.register(async (svix) => registerSvixApi(svix, auth), { prefix: '/svix' });
    return app;
  } catch (error) {
    if (ownsDatabase) await database.close();
    throw error;
  }
}
