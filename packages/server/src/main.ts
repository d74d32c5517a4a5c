import { createServer } from './app.js';
import type { ServeConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { drainRequests } from './http/drain.js';
import { loadEncryptionKeys } from './secrets/key-source.js';

/** How long a shutdown waits for requests in flight before cutting their connections. */
const DRAIN_TIMEOUT_MS = 25_000;

function databaseOptions(config: ServeConfig) {
  return { url: config.databaseUrl, dataDir: config.dataDir };
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

/** `castellan serve`: migrate, bootstrap the instance, listen; drain and close on SIGTERM/SIGINT. */
export async function runServe(config: ServeConfig): Promise<void> {
  const started = performance.now();
  const keys = loadEncryptionKeys({ env: process.env, dataDir: config.dataDir });
  const app = await createServer({
    database: databaseOptions(config),
    secretKey: config.secretKey,
    encryptionKey: keys.ring,
    frontendApi: `${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`,
    logger: { level: config.logLevel, redact: ['req.headers.authorization'] },
  });
  const url = await app.listen({ port: config.port, host: config.host });
  const { instance, generatedSecretKey } = app.castellan.bootstrap;
  const lines = [
    `Castellan listening on ${url} (${app.castellan.database.dialect}) in ${Math.round(performance.now() - started)} ms`,
    `  API URL:          ${url}  (set CLERK_API_URL to this)`,
    `  Publishable key:  ${instance.publishableKey}`,
    generatedSecretKey
      ? `  Secret key:       ${generatedSecretKey}   (shown once: store it, e.g. as CLERK_SECRET_KEY)`
      : `  Secret key:       ${instance.secretKeyHint} (set at first start or pinned by CLERK_SECRET_KEY)`,
    keys.generatedFile
      ? `  Encryption key:   ${keys.ring.current.kid} written to ${keys.generatedFile}   (back it up: without it TOTP secrets and signing keys cannot be read)`
      : `  Encryption key:   ${keys.ring.current.kid} from ${keys.source}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.castellan.draining = true;
    app.log.info({ signal }, 'draining in-flight requests');
    // Every request in flight is answered before the database closes (app.close() runs
    // the onClose hook that closes it, and would not wait for them).
    drainRequests(app, app.castellan.inFlight, DRAIN_TIMEOUT_MS)
      .then((outcome) => {
        if (outcome === 'timeout') app.log.warn('drain timed out; open connections were cut');
        return app.close();
      })
      .then(
        () => process.exit(0),
        (err) => {
          app.log.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}
