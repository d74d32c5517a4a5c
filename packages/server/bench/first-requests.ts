/**
 * `npm run bench:first-requests`: how slow the first request of each kind is after start.
 * Builds the CLI, then `--runs` times: starts `dist/cli.js serve` on a fresh SQLite data dir
 * (or `--database-url`), waits for its banner, and times each request twice (first, second)
 * over HTTP. Prints the median of each. See docs/benchmarks.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startCliServer } from './cli-server.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const KEY = 'sk_test_firstRequestsBenchKey0123456789abcdefXYZ';
const { values: opts } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    /** Another build of the CLI to measure (e.g. an older commit's) instead of building this one. */
    server: { type: 'string' },
    'database-url': { type: 'string' },
  },
});

interface Step {
  name: string;
  path: (userId: string) => string;
}
const STEPS: Step[] = [
  { name: 'GET /v1/users', path: () => '/v1/users?limit=10' },
  { name: 'GET /v1/users/count', path: () => '/v1/users/count' },
  { name: 'GET /v1/users/{id}', path: (id) => `/v1/users/${id}` },
  { name: 'GET /v1/jwks', path: () => '/v1/jwks' },
  { name: 'GET /openapi.json', path: () => '/openapi.json' },
];

async function startServer(dataDir: string) {
  const env = { ...process.env, CLERK_SECRET_KEY: KEY, LOG_LEVEL: 'warn', DATABASE_URL: '' };
  const args = ['--port', '0', '--data-dir', dataDir];
  if (opts['database-url']) args.push('--database-url', opts['database-url']);
  const cli = opts.server ?? 'packages/server/dist/cli.js';
  return startCliServer({ cli, args, env, cwd: ROOT });
}

/** Milliseconds until the whole body has arrived, and the body. */
async function timed(url: string, init?: RequestInit): Promise<[number, string]> {
  const started = performance.now();
  const body = await (await fetch(url, init)).text();
  return [performance.now() - started, body];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

if (!opts.server) {
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const auth = { authorization: `Bearer ${KEY}` };
const results = new Map<string, { first: number[]; second: number[] }>();
for (let run = 0; run < Number(opts.runs); run++) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'castellan-first-'));
  const server = await startServer(dataDir);
  const start = results.get('start (spawn to banner)') ?? { first: [], second: [] };
  start.first.push(server.startMs);
  results.set('start (spawn to banner)', start);
  try {
    // A user to get, created straight after start like an app's first write would be.
    const [createMs, created] = await timed(`${server.url}/v1/users`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        email_address: [`first-${run}@example.com`],
        skip_password_requirement: true,
      }),
    });
    const userId = (JSON.parse(created) as { id?: string }).id ?? '';
    const entry = results.get('POST /v1/users') ?? { first: [], second: [] };
    entry.first.push(createMs);
    results.set('POST /v1/users', entry);
    for (const step of STEPS) {
      const e = results.get(step.name) ?? { first: [], second: [] };
      e.first.push((await timed(server.url + step.path(userId), { headers: auth }))[0]);
      e.second.push((await timed(server.url + step.path(userId), { headers: auth }))[0]);
      results.set(step.name, e);
    }
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
console.log(`| request | first (ms) | second (ms) |\n| --- | ---: | ---: |`);
for (const [name, { first, second }] of results)
  console.log(
    `| ${name} | ${median(first).toFixed(1)} | ${second.length ? median(second).toFixed(1) : '–'} |`,
  );
