import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import pino from 'pino';
import { createServer } from './app.js';
import type { ServeConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { drainRequests } from './http/drain.js';
import { configureInstance } from './instances/instance-config-apply.js';
import { loadEncryptionKeys } from './secrets/key-source.js';
import { warmUp } from './warm-up.js';
import { FAPI_PREFIX } from './frontend-api/fapi-plugin.js';

/** How long a shutdown waits for requests in flight before cutting their connections. */
const DRAIN_TIMEOUT_MS = 25_000;

function databaseOptions(config: ServeConfig) {
  return {
    url: config.databaseUrl,
    dataDir: config.dataDir,
    ...(config.databasePoolSize ? { poolSize: config.databasePoolSize } : {}),
  };
}

/** `castellan migrate`: applies pending migrations and exits. */
export async function runMigrate(config: ServeConfig): Promise<void> {
  const database = openDatabase(databaseOptions(config));
  try {
    const applied = await migrateToLatest(database.db);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
  } finally {
    await database.close();
  }
}

/**
 * Fastify logs "Server listening at …" itself, as JSON in the middle of the banner; this
 * text marks that line so the logger drops it, and the banner says it instead.
 */
const LISTENING_LINE = 'castellan:listening';

/** pino writes asynchronously to its own stream; a line written elsewhere could overtake its lines. */
function logStreamOf(log: FastifyBaseLogger): { write(line: string): unknown } {
  const stream = (log as unknown as Record<symbol, unknown>)[pino.symbols.streamSym];
  return stream && typeof (stream as { write?: unknown }).write === 'function'
    ? (stream as { write(line: string): unknown })
    : process.stdout;
}

/**
 * `castellan serve`: migrate, bootstrap the instance, warm up, listen and print the banner;
 * on SIGTERM/SIGINT drain in-flight requests, close the database and print a last line.
 */
export async function runServe(config: ServeConfig): Promise<void> {
  const started = performance.now();
  const keys = loadEncryptionKeys({ env: process.env, dataDir: config.dataDir });
  const app = await createServer({
    database: databaseOptions(config),
    secretKey: config.secretKey,
    replaceSecretKey: config.replaceSecretKey,
    publicUrl: config.publicUrl,
    smtpUrl: config.smtpUrl,
    smtpFrom: config.smtpFrom,
    smsUrl: config.smsWebhookUrl,
    outbound: {
      allowPrivate: config.outboundAllowPrivate,
      allowHosts: config.outboundAllowHosts,
    },
    webhooks: config.webhooks,
    secretKeyCacheTtlMs: config.secretKeyCacheTtlMs,
    rateLimits: config.rateLimits,
    encryptionKey: keys.ring,
    logger: {
      level: config.logLevel,
      redact: ['req.headers.authorization'],
      hooks: {
        logMethod(args, log) {
          if (args[0] !== LISTENING_LINE) log.apply(this, args);
        },
      },
    },
  });
  try {
    // Before listening: no request may see the instance's earlier configuration.
    if (Object.keys(config.instanceConfig).length > 0)
      await configureInstance(
        app.castellan.database,
        app.castellan.bootstrap.instance.id,
        config.instanceConfig,
      );
  } catch (error) {
    await app.close();
    throw error;
  }
  // Before listening: a signal sent as soon as the banner is out must find its handler.
  drainOnSignals(app);
  let url: string;
  try {
    url = await app.listen({
      port: config.port,
      host: config.host,
      listenTextResolver: () => LISTENING_LINE,
    });
  } catch (error) {
    await app.close();
    throw error;
  }
  const { instance, generatedSecretKey, replacedSecretKeyHint } = app.castellan.bootstrap;
  const lines = [
    `Castellan listening on ${url} (${app.castellan.database.dialect}) in ${Math.round(performance.now() - started)} ms`,
    `  API URL:          ${config.publicUrl ?? url}  (set CLERK_API_URL to this)`,
    `  Frontend API:     ${config.publicUrl ?? url}${FAPI_PREFIX}  (clerk-js: proxyUrl; docs/frontend-api.md)`,
    `  Publishable key:  ${instance.publishableKey}`,
    generatedSecretKey
      ? `  Secret key:       ${generatedSecretKey}   (shown once: store it, e.g. as CLERK_SECRET_KEY)`
      : replacedSecretKeyHint
        ? `  Secret key:       ${instance.secretKeyHint} (replaced ${replacedSecretKeyHint}, which no longer works)`
        : `  Secret key:       ${instance.secretKeyHint} (set at first start or pinned by CLERK_SECRET_KEY; castellan keys list shows all)`,
    keys.generatedFile
      ? `  Encryption key:   ${keys.ring.current.kid} written to ${keys.generatedFile}   (back it up: without it TOTP secrets and signing keys cannot be read)`
      : `  Encryption key:   ${keys.ring.current.kid} from ${keys.source}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  // Once listening (a start answers within a second): one request of each kind against a
  // throwaway server compiles what the first real requests would otherwise pay for.
  warmUp({ idle: () => app.castellan.inFlight.idle() }).catch((err: unknown) =>
    app.log.warn({ err }, 'warm-up failed: first requests will be slower'),
  );
}

/**
 * On SIGTERM/SIGINT: stop accepting connections, answer the requests in flight, close the
 * database, then print the last line. A second signal ends the process at once.
 */
function drainOnSignals(app: FastifyInstance): void {
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    const draining = performance.now();
    app.castellan.draining = true;
    app.log.info({ signal }, 'draining in-flight requests');
    // Every request in flight is answered before the database closes: app.close() runs
    // the onClose hook that closes it, and does not wait for requests in flight.
    drainRequests(app, app.castellan.inFlight, DRAIN_TIMEOUT_MS)
      .then((outcome) => {
        if (outcome === 'timeout') app.log.warn('drain timed out; open connections were cut');
        return app.close();
      })
      .then(
        () => {
          const ms = Math.round(performance.now() - draining);
          // Through the logger's own stream, so it lands after the log lines still queued.
          logStreamOf(app.log).write(`Castellan stopped (${signal}, drained in ${ms} ms)\n`);
          // Nothing is left to keep the process alive; if a leaked handle would, exit anyway.
          process.exitCode = 0;
          setTimeout(() => process.exit(0), 2_000).unref();
        },
        (err) => {
          app.log.error({ err }, 'shutdown failed');
          process.exitCode = 1;
          setTimeout(() => process.exit(1), 2_000).unref();
        },
      );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}
