import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { InstanceConfig } from './instances/instance-config.js';
import {
  CONFIG_OPTION_SPECS,
  configOptionsHelp,
  readInstanceConfigOptions,
} from './instances/instance-config-options.js';
import { secretKeyCacheTtlMs } from './instances/instance-resolver.js';
import { assertSecretKeyShape } from './instances/secret-keys.js';
import {
  RATE_LIMIT_HELP,
  RATE_LIMIT_OPTION_SPECS,
  readRateLimitConfig,
  type RateLimitOptions,
} from './rate-limits/rate-limit-config.js';

export interface ServeConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  secretKey: string | undefined;
  /** The pinned key may replace a different stored one (`--replace-secret-key`). */
  replaceSecretKey: boolean;
  /** Where clients reach the server, without a trailing slash (`https://auth.example.com`). */
  publicUrl: string | undefined;
  logLevel: string;
  /** Emails go over SMTP (`SMTP_URL`); else they are logged. */
  smtpUrl: string | undefined;
  smtpFrom: string | undefined;
  /** SMS are POSTed to this URL (`SMS_WEBHOOK_URL`); else they are logged. */
  smsWebhookUrl: string | undefined;
  /** Outbound requests (proxy checks) may reach private addresses / these hosts anywhere. */
  outboundAllowPrivate: boolean;
  outboundAllowHosts: string[];
  /** Webhook delivery (docs/webhooks.md): on unless `CASTELLAN_WEBHOOKS=0`. */
  webhooks: WebhookConfig;
  /** How long a resolved secret key is trusted (`CASTELLAN_SECRET_KEY_CACHE_TTL_MS`). */
  secretKeyCacheTtlMs: number;
  /** PostgreSQL connections this process opens at most (`CASTELLAN_DATABASE_POOL_SIZE`). */
  databasePoolSize: number | undefined;
  /** Backend API rate limits (docs/rate-limits.md). */
  rateLimits: RateLimitOptions;
  /** The default instance's configuration, applied at each start (docs/configuration.md). */
  instanceConfig: InstanceConfig;
  /** For stderr before starting: secrets given on the command line, visible in `ps`. */
  warnings: string[];
}

export interface WebhookConfig {
  enabled: boolean;
  timeoutMs?: number | undefined;
  pollIntervalMs?: number | undefined;
  concurrency?: number | undefined;
}

/** `CASTELLAN_DATABASE_POOL_SIZE`: 1–1000, or unset (the default, 10). */
function readPoolSize(env: NodeJS.ProcessEnv): number | undefined {
  const value = env.CASTELLAN_DATABASE_POOL_SIZE;
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1000)
    throw new Error(`CASTELLAN_DATABASE_POOL_SIZE must be an integer from 1 to 1000, not ${value}`);
  return n;
}

/** `CASTELLAN_WEBHOOKS`, `CASTELLAN_WEBHOOK_TIMEOUT_MS`, `…_POLL_INTERVAL_MS`, `…_CONCURRENCY`. */
function readWebhookConfig(env: NodeJS.ProcessEnv): WebhookConfig {
  const positive = (name: string): number | undefined => {
    const value = env[name];
    if (value === undefined || value === '') return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0)
      throw new Error(`${name} must be a positive integer, not ${value}`);
    return n;
  };
  const switchedOff =
    env.CASTELLAN_WEBHOOKS !== undefined &&
    env.CASTELLAN_WEBHOOKS !== '' &&
    !parseBoolean(env.CASTELLAN_WEBHOOKS, 'CASTELLAN_WEBHOOKS');
  return {
    enabled: !switchedOff,
    timeoutMs: positive('CASTELLAN_WEBHOOK_TIMEOUT_MS'),
    pollIntervalMs: positive('CASTELLAN_WEBHOOK_POLL_INTERVAL_MS'),
    concurrency: positive('CASTELLAN_WEBHOOK_CONCURRENCY'),
  };
}

export const HELP = `usage: castellan <command> [options]

  serve         migrate the database, then serve the API (default)
  migrate       apply pending migrations and exit
  instances     create, list, remove and configure instances (castellan instances --help)
  keys          create, list and revoke an instance's secret keys (castellan keys --help)
  signing-keys  rotate, list and remove an instance's token signing keys
                (castellan signing-keys --help)

options (flags win over environment variables):
  --port N                   PORT                 port to listen on (3210)
  --host H                   HOST                 address to bind (127.0.0.1; 0.0.0.0 for all)
  --data-dir DIR             CASTELLAN_DATA_DIR   where the SQLite file and uploaded files
                                                  live (./.castellan)
  --public-url URL           CASTELLAN_PUBLIC_URL where clients reach this server, for
                                                  /openapi.json (default: relative /v1) and
                                                  image URLs (default: the listening address)
  --database-url-file FILE   DATABASE_URL_FILE    read the database URL from FILE
                             DATABASE_URL         postgres://… or a SQLite file path
  --secret-key-file FILE     CLERK_SECRET_KEY_FILE
                                                  read the default instance's secret key from FILE
                             CLERK_SECRET_KEY     pin the default instance's secret key
                                                  (sk_test_/sk_live_ + 32 or more letters/digits)
  --replace-secret-key       CASTELLAN_REPLACE_SECRET_KEY=1
                                                  let a pinned key replace a different stored one
  --log-level L              LOG_LEVEL            debug, info, warn, error, silent (info)
                             SMTP_URL             send emails over SMTP (smtp://user:pass@host:587);
                                                  without it they are printed in the log
                             SMTP_FROM            the emails' From (Castellan <no-reply@localhost>)
                             SMS_WEBHOOK_URL      POST each SMS as JSON to this URL (any address);
                                                  without it they are printed in the log
                             CASTELLAN_OUTBOUND_ALLOW_PRIVATE=1
                                                  let proxy checks reach private addresses
                             CASTELLAN_OUTBOUND_ALLOW_HOSTS
                                                  hosts (comma-separated) proxy checks and
                                                  webhooks may reach at any address
                             CASTELLAN_WEBHOOKS=0 do not deliver webhooks from this process
                             CASTELLAN_WEBHOOK_TIMEOUT_MS, CASTELLAN_WEBHOOK_POLL_INTERVAL_MS,
                             CASTELLAN_WEBHOOK_CONCURRENCY
                                                  one attempt's timeout (15000), how often the
                                                  worker polls (1000), endpoints at once (16)
                             CASTELLAN_DATABASE_POOL_SIZE
                                                  PostgreSQL connections this process opens
                                                  at most (10)
                             CASTELLAN_SECRET_KEY_CACHE_TTL_MS
                                                  how long a node trusts a secret key it
                                                  looked up (10000); the same on every node
                                                  and for castellan keys/instances
${RATE_LIMIT_HELP}
  --database-url URL, --secret-key KEY
        also accepted, but a secret on the command line is visible to every user of the
        machine (ps, /proc): prefer the environment or a file.

the default instance's configuration (serve: applied at each start; what is not given
keeps its stored value, by default Clerk's and today's behaviour):
${configOptionsHelp(true)}`;

type Values = Record<string, string | boolean | undefined>;

/** Flags win over environment variables, which win over defaults. */
export function readConfig(argv: string[], env: NodeJS.ProcessEnv): ServeConfig {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      'public-url': { type: 'string' },
      'database-url': { type: 'string' },
      'database-url-file': { type: 'string' },
      'secret-key': { type: 'string' },
      'secret-key-file': { type: 'string' },
      'replace-secret-key': { type: 'boolean' },
      'log-level': { type: 'string' },
      ...RATE_LIMIT_OPTION_SPECS,
      ...CONFIG_OPTION_SPECS,
    },
  });
  const port = Number(values.port ?? env.PORT ?? 3210);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`invalid port: ${values.port ?? env.PORT}`);
  const warnings: string[] = [];

  const secretKey = readSecret(values, env, {
    flag: 'secret-key',
    variable: 'CLERK_SECRET_KEY',
  });
  if (secretKey) assertSecretKeyShape(secretKey.value, secretKey.source);
  if (secretKey?.source === '--secret-key')
    warnings.push(
      'warning: --secret-key is visible to every user of this machine (ps, /proc); ' +
        'use CLERK_SECRET_KEY or --secret-key-file instead.',
    );
  const storage = readStorageOptions(values, env);
  warnings.push(...storage.warnings);

  return {
    port,
    host: values.host ?? env.HOST ?? '127.0.0.1',
    dataDir: storage.dataDir,
    databaseUrl: storage.databaseUrl,
    secretKey: secretKey?.value,
    replaceSecretKey:
      values['replace-secret-key'] ??
      parseBoolean(env.CASTELLAN_REPLACE_SECRET_KEY, 'CASTELLAN_REPLACE_SECRET_KEY'),
    publicUrl: parsePublicUrl(values['public-url'] ?? (env.CASTELLAN_PUBLIC_URL || undefined)),
    logLevel: values['log-level'] ?? env.LOG_LEVEL ?? 'info',
    smtpUrl: env.SMTP_URL || undefined,
    smtpFrom: env.SMTP_FROM || undefined,
    smsWebhookUrl: env.SMS_WEBHOOK_URL || undefined,
    outboundAllowPrivate: parseBoolean(
      env.CASTELLAN_OUTBOUND_ALLOW_PRIVATE,
      'CASTELLAN_OUTBOUND_ALLOW_PRIVATE',
    ),
    outboundAllowHosts: (env.CASTELLAN_OUTBOUND_ALLOW_HOSTS ?? '')
      .split(',')
      .map((host) => host.trim().toLowerCase())
      .filter((host) => host !== ''),
    webhooks: readWebhookConfig(env),
    secretKeyCacheTtlMs: secretKeyCacheTtlMs(env),
    databasePoolSize: readPoolSize(env),
    rateLimits: readRateLimitConfig(values, env),
    instanceConfig: readInstanceConfigOptions(values, env),
    warnings,
  };
}

/** The options every command naming a database takes (`--data-dir`, `--database-url[-file]`). */
export const STORAGE_OPTIONS = {
  'data-dir': { type: 'string' },
  'database-url': { type: 'string' },
  'database-url-file': { type: 'string' },
} as const;

export interface StorageOptions {
  dataDir: string;
  databaseUrl: string | undefined;
  warnings: string[];
}

/** Where the data lives: the same options and variables for `serve` and the admin commands. */
export function readStorageOptions(values: Values, env: NodeJS.ProcessEnv): StorageOptions {
  const warnings: string[] = [];
  const databaseUrl = readSecret(values, env, { flag: 'database-url', variable: 'DATABASE_URL' });
  if (databaseUrl?.source === '--database-url' && hasPassword(databaseUrl.value))
    warnings.push(
      'warning: the password in --database-url is visible to every user of this machine ' +
        '(ps, /proc); use DATABASE_URL or --database-url-file instead.',
    );
  return {
    dataDir: (values['data-dir'] as string | undefined) ?? env.CASTELLAN_DATA_DIR ?? './.castellan',
    databaseUrl: databaseUrl?.value,
    warnings,
  };
}

/**
 * A secret from `--<flag>`, `--<flag>-file`, `$VARIABLE` or `$VARIABLE_FILE`, in that order
 * (empty variables count as unset). Giving both the value and the file at one level is an error.
 */
function readSecret(
  values: Values,
  env: NodeJS.ProcessEnv,
  names: { flag: string; variable: string },
): { value: string; source: string } | undefined {
  const flagValue = values[names.flag] as string | undefined;
  const flagFile = values[`${names.flag}-file`] as string | undefined;
  if (flagValue !== undefined && flagFile !== undefined)
    throw new Error(`give --${names.flag} or --${names.flag}-file, not both`);
  if (flagValue !== undefined) return { value: flagValue, source: `--${names.flag}` };
  if (flagFile !== undefined)
    return { value: readSecretFile(flagFile, `--${names.flag}-file`), source: flagFile };
  const envValue = env[names.variable] || undefined;
  const envFile = env[`${names.variable}_FILE`] || undefined;
  if (envValue !== undefined && envFile !== undefined)
    throw new Error(`set ${names.variable} or ${names.variable}_FILE, not both`);
  if (envValue !== undefined) return { value: envValue, source: names.variable };
  if (envFile !== undefined)
    return { value: readSecretFile(envFile, `${names.variable}_FILE`), source: envFile };
  return undefined;
}

/** The file's content without surrounding whitespace (the trailing newline of `echo`). */
function readSecretFile(file: string, option: string): string {
  let content: string;
  try {
    content = readFileSync(file, 'utf8').trim();
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new Error(`${option}: cannot read ${file} (${reason})`);
  }
  if (!content) throw new Error(`${option}: ${file} is empty`);
  return content;
}

function hasPassword(url: string): boolean {
  try {
    return new URL(url).password !== '';
  } catch {
    return false; // a SQLite path, not a URL
  }
}

function parseBoolean(value: string | undefined, name: string): boolean {
  if (value === undefined || value === '' || value === '0' || value === 'false') return false;
  if (value === '1' || value === 'true') return true;
  throw new Error(`${name} must be 1 or 0, not ${value}`);
}

function parsePublicUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`invalid public URL: ${value}`);
  }
  const plain = !url.search && !url.hash && !url.username && !url.password;
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !plain)
    throw new Error(`invalid public URL: ${value} (expected http(s)://host[:port][/path])`);
  return url.toString().replace(/\/+$/, '');
}
