/**
 * The rate limiter's cost in `npm run bench` (docs/benchmarks.md, "Rate limiter"): CPU time
 * of this process per `GetUser` through `app.inject` on a production instance, with the
 * limiter off and on (a budget too large to reach, so every request is counted and none
 * refused), counters in memory and, when 127.0.0.1:6379 answers, in Redis (this process's
 * CPU only: Redis's own is not counted). Batches rotate through the variants so a busy
 * host and the GC weigh on all alike. A last row times the in-memory check alone, called
 * directly. `npm run bench -- --rate-limit-only`.
 */
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import pino from 'pino';
import { createServer } from '../src/app.js';
import { openDatabase } from '../src/db/database.js';
import { createInstance } from '../src/instances/instance-service.js';
import type { RateLimitOptions } from '../src/rate-limits/rate-limit-config.js';
import { createRateLimiter } from '../src/rate-limits/rate-limiter.js';

const REQUESTS = 20_000;
/** The requests of a variant run in batches of this many, the variants' order rotating. */
const BATCH = 1_000;
const WARM_UP = 2_000;
/** Direct calls of the in-memory limiter's check, for its own cost. */
const CHECKS = 2_000_000;
const REDIS_URL = 'redis://127.0.0.1:6379';
const ENCRYPTION_KEY = Buffer.alloc(32, 'castellan-bench').toString('base64');

export interface RateLimitRow {
  name: string;
  /** CPU µs per request. */
  cpuMicros: number;
  /** Minus the limiter-off row of the same run. */
  overheadMicros: number;
}

interface Target {
  app: FastifyInstance;
  url: string;
  auth: string;
}

async function startTarget(rateLimits: RateLimitOptions): Promise<Target> {
  const database = openDatabase({ url: ':memory:' });
  const app = await createServer({
    database,
    encryptionKey: ENCRYPTION_KEY,
    logger: false,
    rateLimits,
  });
  app.addHook('onClose', async () => database.close());
  const { secretKey } = await createInstance(database.db, {
    name: 'bench-production',
    frontendApi: 'clerk.bench.example.com',
    environment: 'production',
    secrets: app.castellan.secrets,
  });
  const auth = `Bearer ${secretKey}`;
  const created = await app.inject({
    method: 'POST',
    url: '/v1/users',
    headers: { authorization: auth, 'content-type': 'application/json' },
    payload: JSON.stringify({
      email_address: ['bench@example.com'],
      skip_password_requirement: true,
    }),
  });
  const id = (created.json() as { id: string }).id;
  return { app, url: `/v1/users/${id}`, auth };
}

/** CPU µs per request over `requests` sequential GetUser calls; every answer must be 200. */
async function cpuPerRequest(target: Target, requests: number): Promise<number> {
  const before = process.cpuUsage();
  for (let i = 0; i < requests; i += 1) {
    const res = await target.app.inject({
      method: 'GET',
      url: target.url,
      headers: { authorization: target.auth },
    });
    if (res.statusCode !== 200) throw new Error(`GetUser answered ${res.statusCode}`);
  }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / requests;
}

/** CPU µs of one `check` of the in-memory limiter (one Map lookup and an increment). */
function checkCost(): number {
  const limiter = createRateLimiter(
    { mode: 'production', max: 1_000_000_000 },
    pino({ level: 'silent' }),
  )!;
  const params = { user_id: 'user_bench' };
  const now = Date.now();
  const before = process.cpuUsage();
  for (let i = 0; i < CHECKS; i += 1)
    limiter.check('production', 'ins_bench', 'GetUser', params, now);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / CHECKS;
}

async function redisAnswers(): Promise<boolean> {
  const client = new Redis(REDIS_URL, {
    lazyConnect: true,
    connectTimeout: 1_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export async function benchRateLimit(): Promise<RateLimitRow[]> {
  const huge = { mode: 'production', max: 1_000_000_000 } as const;
  const variants: [string, RateLimitOptions][] = [
    ['limiter off', { mode: 'off' }],
    ['limiter on, in memory', huge],
  ];
  if (await redisAnswers())
    variants.push([
      'limiter on, Redis (127.0.0.1)',
      { ...huge, redisUrl: REDIS_URL, redisPrefix: `castellan-bench:${process.pid}:` },
    ]);
  const targets: Target[] = [];
  try {
    for (const [, options] of variants) targets.push(await startTarget(options));
    // An untimed pass each: JIT, statement caches, the Redis script loaded. The counts stay
    // modest: `inject` itself retains ~10 KB per request in this Node/Fastify (a bare
    // Fastify app does too; a real HTTP server does not), and the GC that causes is noise.
    for (const target of targets) await cpuPerRequest(target, WARM_UP);
    const batches = REQUESTS / BATCH;
    const cpu = variants.map(() => 0);
    for (let batch = 0; batch < batches; batch += 1)
      for (let j = 0; j < targets.length; j += 1) {
        const i = (batch + j) % targets.length;
        cpu[i] = cpu[i]! + (await cpuPerRequest(targets[i]!, BATCH)) / batches;
      }
    const rows = variants.map(([name], i) => ({
      name,
      cpuMicros: cpu[i]!,
      overheadMicros: cpu[i]! - cpu[0]!,
    }));
    const check = checkCost();
    rows.push({
      name: 'the in-memory check alone, called directly',
      cpuMicros: check,
      overheadMicros: check,
    });
    return rows;
  } finally {
    for (const target of targets) await target.app.close();
  }
}

export function rateLimitMarkdown(rows: RateLimitRow[]): string {
  const off = rows[0]!.cpuMicros;
  const lines = [
    `| Rate limiter (GetUser, app.inject, production instance, ${REQUESTS} requests each in rotating batches of ${BATCH}) | CPU µs / request | vs off |`,
    '| --- | ---: | ---: |',
    ...rows.map((row, i) =>
      i === rows.length - 1
        ? `| ${row.name} | ${row.cpuMicros.toFixed(2)} | |`
        : `| ${row.name} | ${row.cpuMicros.toFixed(1)} | ${row.overheadMicros >= 0 ? '+' : ''}${row.overheadMicros.toFixed(1)} µs (${((row.cpuMicros / off) * 100).toFixed(1)} %) |`,
    ),
  ];
  if (!rows.some((row) => row.name.includes('Redis')))
    lines.push('', 'Redis row skipped: nothing answered on 127.0.0.1:6379.');
  return lines.join('\n');
}
