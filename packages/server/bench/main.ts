/**
 * `npm run bench`: seeds N users straight into SQLite and/or PostgreSQL, starts the real
 * server (`dist/cli.js serve`, default info logging to a file) and a raw `node:http`
 * baseline as child processes, and measures them with autocannon from this process.
 * See docs/benchmarks.md.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { markdownReport, type DialectReport } from './report.js';
import { benchMemory, memoryMarkdown, type MemoryRow } from './memory.js';
import { benchNodes, nodesMarkdown, type NodesRow } from './multi-node.js';
import { runDialect, serverEnv } from './run-dialect.js';
import { benchSdkOverhead, sdkMarkdown } from './sdk-overhead.js';
import { benchSessionTokens, tokenRowsMarkdown } from './session-tokens.js';
import { benchMachineAuth, machineAuthMarkdown } from './machine-auth.js';
import type { Dialect } from './scenarios.js';
import {
  countPostgresRows,
  databaseUrl,
  postgresDatabaseExists,
  seedPostgres,
} from './seed-postgres.js';
import { BENCH_SECRET_KEY } from './seed-instance.js';
import { countSqliteRows, seedSqlite } from './seed-sqlite.js';
import { verifySeedMatchesApiWrites } from './verify-writes.js';
import { benchRateLimit, rateLimitMarkdown } from './rate-limit.js';
import { benchWebhooks, webhookMarkdown } from './webhook-throughput.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const BENCH_DIR = path.join(ROOT, '.bench');
/** Bump when seed rows change, so `--reuse` does not pick up an older seed. */
const SEED_VERSION = 5;

const { values: opts } = parseArgs({
  options: {
    users: { type: 'string', default: '1000000' },
    db: { type: 'string', default: 'sqlite' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '1' },
    reuse: { type: 'boolean', default: false },
    out: { type: 'string' },
    only: { type: 'string' },
    /** Measures only the session tokens (no seeding): `npm run bench -- --tokens-only`. */
    'tokens-only': { type: 'boolean', default: false },
    /** Measures only the SDK's overhead (no seeding): `npm run bench -- --sdk-only`. */
    'sdk-only': { type: 'boolean', default: false },
    /** Measures only webhook delivery (no seeding): `npm run bench -- --webhooks-only`. */
    'webhooks-only': { type: 'boolean', default: false },
    /** Measures only verifyApiKey / verifyM2MToken (no seeding): `--machine-auth-only`. */
    'machine-auth-only': { type: 'boolean', default: false },
    /** Only 1 vs 2 server processes on PostgreSQL (multi-node.ts): `--nodes-only --reuse`. */
    'nodes-only': { type: 'boolean', default: false },
    /** Only the start-up and memory rows (memory.ts): `--memory-only --reuse`. */
    'memory-only': { type: 'boolean', default: false },
    /** Measures only the rate limiter's CPU cost per request (no seeding): `--rate-limit-only`. */
    'rate-limit-only': { type: 'boolean', default: false },
    'cpu-prof': { type: 'boolean', default: false },
    'quiet-wait': { type: 'string', default: '120' },
    /** Another build of the server to measure (e.g. a patched copy) instead of building this one. */
    server: { type: 'string' },
    'postgres-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});
const n = Number(opts.users.replace(/_/g, ''));
const dialects: Dialect[] = opts.db === 'both' ? ['sqlite', 'postgres'] : [opts.db as Dialect];
if (!Number.isInteger(n) || n < 1000) throw new Error('--users must be an integer ≥ 1000');
if (!dialects.every((d) => d === 'sqlite' || d === 'postgres'))
  throw new Error('--db sqlite|postgres|both');

/** Seeds (or, with --reuse, finds a complete earlier seed of) `n` users; returns the database URL. */
async function prepare(dialect: Dialect): Promise<string> {
  const marker = path.join(BENCH_DIR, `${dialect}-${n}.seed.json`);
  const wanted = JSON.stringify({ users: n, version: SEED_VERSION });
  const sqliteFile = path.join(BENCH_DIR, `sqlite-${n}`, 'castellan.sqlite');
  const pgName = `castellan_bench_${n}`;
  const reusable =
    opts.reuse &&
    existsSync(marker) &&
    readFileSync(marker, 'utf8') === wanted &&
    (dialect === 'sqlite'
      ? existsSync(sqliteFile)
      : await postgresDatabaseExists(opts['postgres-url'], pgName));
  let url: string;
  const started = performance.now();
  if (reusable) {
    console.log(`${dialect}: reusing the seeded database of ${n} users`);
    url = dialect === 'sqlite' ? sqliteFile : databaseUrl(opts['postgres-url'], pgName);
  } else {
    console.log(`${dialect}: seeding ${n} users…`);
    rmSync(marker, { force: true });
    if (dialect === 'sqlite') await seedSqlite(n, (url = sqliteFile));
    else url = await seedPostgres(n, opts['postgres-url'], pgName);
  }
  const counts = dialect === 'sqlite' ? countSqliteRows(url) : await countPostgresRows(url);
  if (Object.values(counts).some((c) => c !== n))
    throw new Error(`incomplete seed: ${JSON.stringify(counts)}`);
  writeFileSync(marker, wanted);
  console.log(
    `${dialect}: ready in ${((performance.now() - started) / 1000).toFixed(1)} s (${JSON.stringify(counts)})`,
  );
  return url;
}

/** A fixed CPU-bound job (ms): shows how fast this machine's cores were at the time of a run. */
function cpuProbe(): number {
  const started = performance.now();
  let x = 0;
  for (let i = 0; i < 200_000; i++) x += createHash('sha256').update(`probe${i}`).digest()[0]!;
  return Math.round(performance.now() - started + (x < 0 ? 1 : 0));
}

async function main() {
  mkdirSync(BENCH_DIR, { recursive: true });
  if (opts['rate-limit-only']) {
    const rateLimit = rateLimitMarkdown(await benchRateLimit());
    console.log(rateLimit);
    if (opts.out) writeFileSync(opts.out, `${rateLimit}\n`);
    return;
  }
  if (opts['webhooks-only']) {
    console.log('webhooks…');
    const webhooks = webhookMarkdown(await benchWebhooks(Number(opts.duration)));
    console.log(webhooks);
    if (opts.out) writeFileSync(opts.out, `${webhooks}\n`);
    return;
  }
  const probeBefore = cpuProbe();
  const serverCli = opts.server
    ? path.resolve(opts.server)
    : path.join(ROOT, 'packages/server/dist/cli.js');
  if (!opts.server) {
    const cwd = path.join(ROOT, 'packages/server');
    const build = spawnSync(process.execPath, ['build.mjs'], { cwd, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('the server does not build (npm run build)');
  }
  const reports: DialectReport[] = [];
  const onlyOne = opts['tokens-only'] || opts['sdk-only'] || opts['machine-auth-only'];
  const dialectRowsOnly = opts['nodes-only'] || opts['memory-only'];
  if (!onlyOne) {
    await verifySeedMatchesApiWrites();
    console.log('seed rows match what POST /v1/users writes');
  }
  const memoryRows: MemoryRow[] = [];
  const nodesRows: NodesRow[] = [];
  const justNodes = opts['nodes-only'];
  const justMemory = opts['memory-only'];
  const wants = (word: string) => !opts.only || opts.only.split(',').includes(word);
  for (const dialect of onlyOne ? [] : dialects) {
    const url = await prepare(dialect);
    const server = {
      users: n,
      serverCli,
      benchDir: BENCH_DIR,
      env: serverEnv(),
      args: ['--database-url', url, '--secret-key', BENCH_SECRET_KEY],
      headers: { authorization: `Bearer ${BENCH_SECRET_KEY}` },
      duration: Number(opts.duration),
      warmup: Number(opts.warmup),
      connections: Number(opts.connections),
    };
    if (!justNodes && (justMemory || wants('memory'))) {
      console.log(`${dialect}: start-up and memory…`);
      memoryRows.push(await benchMemory({ ...server, dialect }));
    }
    if (dialect === 'postgres' && (justNodes || (!justMemory && wants('nodes')))) {
      console.log(`${dialect}: 1 vs 2 server processes…`);
      nodesRows.push(
        ...(await benchNodes({
          ...server,
          databaseUrl: url,
          rounds: Math.max(1, Number(opts.rounds)),
        })),
      );
    }
    if (justNodes || justMemory) continue;
    reports.push(
      await runDialect({
        dialect,
        users: n,
        databaseUrl: url,
        serverCli,
        root: ROOT,
        benchDir: BENCH_DIR,
        duration: Number(opts.duration),
        warmup: Number(opts.warmup),
        connections: Number(opts.connections),
        rounds: Math.max(1, Number(opts.rounds)),
        only: opts.only?.split(','),
        cpuProf: opts['cpu-prof'],
        quietWaitMs: Number(opts['quiet-wait']) * 1000,
      }),
    );
  }
  let tokens = '';
  if (!opts['sdk-only'] && !opts['machine-auth-only'] && !dialectRowsOnly) {
    console.log('session tokens…');
    tokens = tokenRowsMarkdown(await benchSessionTokens(Number(opts.duration)));
    console.log(tokens);
  }
  let machineAuth = '';
  if (!opts['tokens-only'] && !opts['sdk-only'] && !dialectRowsOnly) {
    console.log('machine auth…');
    machineAuth = machineAuthMarkdown(await benchMachineAuth(Number(opts.duration)));
    console.log(machineAuth);
  }
  let webhooks = '';
  if (!onlyOne && !dialectRowsOnly) {
    console.log('webhooks…');
    webhooks = webhookMarkdown(await benchWebhooks(Number(opts.duration)));
    console.log(webhooks);
    console.log('rate limiter…');
    webhooks += `\n\n${rateLimitMarkdown(await benchRateLimit())}`;
    console.log(webhooks);
  }
  let sdk = '';
  if (!opts['tokens-only'] && !opts['machine-auth-only'] && !dialectRowsOnly) {
    console.log('SDK overhead…');
    sdk = sdkMarkdown(await benchSdkOverhead());
    console.log(sdk);
  }
  const memory = memoryMarkdown(memoryRows);
  const nodes = nodesMarkdown(nodesRows);
  for (const section of [memory, nodes]) if (section) console.log(section);
  const probes = `CPU probe (fixed sha256 job) ${probeBefore} ms before, ${cpuProbe()} ms after`;
  const cpus = os.cpus();
  const context = [
    `${new Date().toISOString().slice(0, 10)}, ${cpus.length} × ${cpus[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    `autocannon in the bench process, ${opts.connections} connections, ${opts.warmup} s warm-up + ${opts.duration} s per row, ${opts.rounds} round(s) (median shown, range in parentheses); server and baseline are separate processes`,
  ];
  context.push(`${probes}: a slower probe means a busier host (this is a VM)`);
  if (n !== 1_000_000) context.push(`${n} users: the targets are set for 1,000,000 users`);
  if (opts.out) {
    writeFileSync(
      opts.out,
      `${markdownReport(reports, context)}\n${memory}\n${nodes}\n${tokens}\n${machineAuth}\n${webhooks}\n${sdk}`,
    );
    console.log(`wrote ${opts.out}`);
  }
  const failed =
    reports.some((r) =>
      r.rows.some((row) => row.measurement.errors + row.measurement.non2xx > 0),
    ) ||
    [...memoryRows.map((r) => r.run), ...nodesRows.map((r) => r.measurement)].some(
      (m) => m.errors + m.non2xx > 0,
    );
  process.exitCode = failed ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
