/**
 * The start-up and memory rows (issue 14): start to first answered request on the seeded
 * database (already migrated), and the server's resident memory idle after start and
 * during a mixed run of many distinct `GetUserList` filter combinations, anonymous memory
 * (the JS heap, caches, buffers) apart from file-backed pages (SQLite's mmap of the
 * database, the binary), from /proc/<pid>/smaps_rollup.
 */
import { readFileSync } from 'node:fs';
import { startCliServer, type CliServerLoad, type StartedServer } from './cli-server.js';
import { measure, type Measurement } from './measure.js';
import { waitForQuietMachine } from './processes.js';
import type { Dialect } from './scenarios.js';
import { hash32, userIdOf } from './seed-rows.js';

export interface Memory {
  /** Anonymous resident memory, MB (heap, native allocations, SQLite's page cache). */
  anonMb: number;
  /** File-backed resident memory, MB (mmap'd database pages, code). */
  fileMb: number;
}

/** The process's resident memory, from /proc/<pid>/smaps_rollup (Linux). */
export function memoryOf(pid: number): Memory {
  const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1]);
  const rss = kb('Rss');
  const anon = kb('Anonymous');
  return { anonMb: anon / 1024, fileMb: (rss - anon) / 1024 };
}

const ORDERS = [
  '-created_at',
  'created_at',
  '-updated_at',
  'updated_at',
  'email_address',
  '-email_address',
  'first_name',
  '-first_name',
  'last_name',
  '-last_name',
  'username',
  '-last_sign_in_at',
];

/**
 * `count` distinct `GetUserList` paths: every one filters by 1–12 email addresses (so each
 * stays a point lookup at any size) and varies the number of addresses and user ids, the
 * order, the limit and offset, and whether a narrow `query` (the first address's user) is
 * added: several hundred distinct SQL texts, as many filter combinations as clients send.
 */
export function filterCombinations(n: number, count = 2_000): string[] {
  const paths = new Set<string>();
  for (let i = 0; paths.size < count; i++) {
    const h = (salt: number) => hash32(i, salt);
    const emails = 1 + (h(1) % 12);
    const ids = h(2) % 4;
    const params = new URLSearchParams();
    for (let e = 0; e < emails; e++)
      params.append('email_address', `user${h(10 + e) % n}@example.com`);
    for (let u = 0; u < ids; u++) params.append('user_id', userIdOf(h(30 + u) % n, n));
    params.set('order_by', ORDERS[h(3) % ORDERS.length]!);
    params.set('limit', String(1 + (h(4) % 50)));
    if (h(5) % 3 === 0) params.set('offset', String(h(6) % 5));
    // A narrow term (the first address's user): a broad one is the search rows' business.
    if (h(7) % 4 === 0) params.set('query', `user${h(10) % n}`);
    paths.add(`/v1/users?${params.toString()}`);
  }
  return [...paths];
}

export interface MemoryRow {
  dialect: Dialect;
  /** Start to first answered request (`GET /v1/users?limit=10`), ms: median, lowest, highest. */
  startMs: [number, number, number];
  idle: Memory;
  /** The highest of each over the mixed run (sampled every 100 ms). */
  peak: Memory;
  after: Memory;
  run: Measurement;
  combinations: number;
}

export interface MemoryOptions extends CliServerLoad {
  dialect: Dialect;
  starts?: number;
}

/** Starts the server and times spawn → the first answered API request. */
async function startTimed(o: MemoryOptions): Promise<{ server: StartedServer; ms: number }> {
  const server = await startCliServer({
    cli: o.serverCli,
    args: ['--port', '0', '--host', '127.0.0.1', ...o.args],
    env: o.env,
    cwd: o.benchDir,
  });
  const res = await fetch(`${server.url}/v1/users?limit=10`, { headers: o.headers });
  await res.text();
  if (!res.ok) {
    await server.stop();
    throw new Error(`first request after start: ${res.status}`);
  }
  return { server, ms: performance.now() - server.spawnedAt };
}

export async function benchMemory(o: MemoryOptions): Promise<MemoryRow> {
  const times: number[] = [];
  for (let i = 0; i < (o.starts ?? 3) - 1; i++) {
    await waitForQuietMachine();
    const { server, ms } = await startTimed(o);
    times.push(ms);
    await server.stop();
  }
  await waitForQuietMachine();
  const { server, ms } = await startTimed(o);
  times.push(ms);
  try {
    await new Promise((r) => setTimeout(r, 2_000)); // idle: timers and lazy setup settle
    const idle = memoryOf(server.pid);
    const combos = filterCombinations(o.users);
    let k = 0;
    // Two of three requests are distinct filter combinations, the rest the hot reads.
    const nextPath = () => {
      const i = k++;
      if (i % 3 === 2)
        return i % 2
          ? `/v1/users/${userIdOf(hash32(i, 7) % o.users, o.users)}`
          : '/v1/users?limit=10';
      return combos[Math.floor((i * 2) / 3) % combos.length]!;
    };
    const peak: Memory = { ...idle };
    const sampler = setInterval(() => {
      const m = memoryOf(server.pid);
      peak.anonMb = Math.max(peak.anonMb, m.anonMb);
      peak.fileMb = Math.max(peak.fileMb, m.fileMb);
    }, 100);
    let run: Measurement;
    try {
      const load = {
        origin: server.url,
        nextPath,
        headers: o.headers,
        connections: o.connections,
        drainPath: '/healthz',
      };
      run = await measure(load, o.duration, 0);
    } finally {
      clearInterval(sampler);
    }
    const after = memoryOf(server.pid);
    const sorted = [...times].sort((a, b) => a - b);
    return {
      dialect: o.dialect,
      startMs: [sorted[Math.floor(sorted.length / 2)]!, sorted[0]!, sorted[sorted.length - 1]!],
      idle,
      peak: {
        anonMb: Math.max(peak.anonMb, after.anonMb),
        fileMb: Math.max(peak.fileMb, after.fileMb),
      },
      after,
      run,
      combinations: Math.min(k, combos.length),
    };
  } finally {
    await server.stop();
  }
}

const mb = (v: number) => `${Math.round(v)} MB`;

export function memoryMarkdown(rows: MemoryRow[]): string {
  if (rows.length === 0) return '';
  const lines = [
    '### Start-up and memory',
    '',
    '| dialect | start → first answer | target | anonymous RSS idle | target | anonymous RSS peak during the mixed run | target | file-backed (mmap) idle / peak | mixed run |',
    '|---|---:|---|---:|---|---:|---|---:|---|',
  ];
  for (const r of rows) {
    const [median, low, high] = r.startMs;
    const errors = r.run.errors + r.run.non2xx;
    lines.push(
      `| ${r.dialect} | ${Math.round(median)} ms (${Math.round(low)}–${Math.round(high)}) | ${median < 1000 ? 'pass' : 'FAIL'} (< 1 s) | ${mb(r.idle.anonMb)} | ${r.idle.anonMb < 150 ? 'pass' : 'FAIL'} (< 150 MB) | ${mb(r.peak.anonMb)} (after: ${mb(r.after.anonMb)}) | ${r.peak.anonMb < 300 ? 'pass' : 'FAIL'} (< 300 MB) | ${mb(r.idle.fileMb)} / ${mb(r.peak.fileMb)} | ${Math.round(r.run.requests).toLocaleString('en-US')} requests, ${r.combinations.toLocaleString('en-US')} distinct filter combinations${errors ? `, ${errors} errors/non-2xx` : ''} |`,
    );
  }
  lines.push(
    '',
    'Start: spawn of `castellan serve` on the seeded, migrated database to the first `GET /v1/users?limit=10` answered (median of 3 starts, range). Memory: /proc/<pid>/smaps_rollup of the server process, anonymous (heap, native allocations, SQLite page cache) apart from file-backed pages (SQLite mmap of the database file, code); idle = 2 s after the first answer; the mixed run sends 2 distinct GetUserList filter combinations (1–12 emails, 0–3 user ids, 12 orders, limits, offsets, query) for each GetUser / page-1 request.',
  );
  return lines.join('\n');
}
