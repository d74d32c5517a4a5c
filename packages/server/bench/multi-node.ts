/**
 * The multi-node row (issue 14): `GetUser` and `GetUserList` page 1 against one server
 * process, then two, on the same PostgreSQL database, both behind a `node:cluster`
 * primary (cluster-primary.ts) that hands connections round-robin to its workers. Besides
 * req/s it records where the CPU went (server processes, PostgreSQL, this process running
 * autocannon), which shows where a 2-core machine stops scaling.
 */
import type { CliServerLoad } from './cli-server.js';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measure, type Measurement } from './measure.js';
import {
  freePort,
  processTicks,
  startChild,
  stopChild,
  waitForHttp,
  waitForQuietMachine,
} from './processes.js';
import { hash32, userIdOf } from './seed-rows.js';

export interface NodesOptions extends CliServerLoad {
  databaseUrl: string;
  warmup: number;
  rounds: number;
}

/** CPU used during a row, in cores (1 = one core busy the whole time). */
export interface CpuShare {
  servers: number;
  postgres: number;
  bench: number;
  other: number;
}

export interface NodesRow {
  name: string;
  processes: number;
  measurement: Measurement;
  cpu: CpuShare;
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/**
 * PostgreSQL's processes serving `database`: its backends, and the server's own processes
 * (WAL writer, checkpointer…); backends of other databases (someone's test run) are left out.
 */
function postgresPids(database: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      // A backend's title: `postgres: 15/main: <user> <database> <host>(<port>) <state>`.
      const backend = /^postgres: \S+: \S+ (\S+) \S+\(\d+\)/.exec(title);
      if (!backend || backend[1] === database) pids.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

/** The primary's workers (its children, from /proc). */
function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

function machineTicks(): { busy: number; total: number } {
  const t = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const total = t.reduce((a, b) => a + b, 0);
  return { busy: total - (t[3] ?? 0) - (t[4] ?? 0), total };
}

/** Starts counting CPU ticks; the returned function gives the cores each group used since. */
function watchCpu(serverPids: number[], database: string): () => CpuShare {
  const sum = (pids: number[], before?: Map<number, number>) => {
    const ticks = new Map(pids.map((pid) => [pid, processTicks(pid)]));
    let used = 0;
    if (before) for (const [pid, t] of ticks) used += t - (before.get(pid) ?? 0);
    return { ticks, used };
  };
  const started = performance.now();
  const machine = machineTicks();
  const servers = sum(serverPids).ticks;
  const pg = sum(postgresPids(database)).ticks;
  const bench = processTicks(process.pid);
  return () => {
    const seconds = (performance.now() - started) / 1000;
    const cores = (ticks: number) => ticks / TICKS_PER_SECOND / seconds;
    const s = sum(serverPids, servers).used;
    const p = sum(postgresPids(database), pg).used;
    const b = processTicks(process.pid) - bench;
    const busy = machineTicks().busy - machine.busy;
    // /proc/stat counts every CPU: its busy ticks over the run are in the same USER_HZ.
    return {
      servers: cores(s),
      postgres: cores(p),
      bench: cores(b),
      other: Math.max(0, cores(busy - s - p - b)),
    };
  };
}

export async function benchNodes(o: NodesOptions): Promise<NodesRow[]> {
  const rows: NodesRow[] = [];
  let k = 0;
  const scenarios = [
    {
      name: 'GetUser (random id)',
      nextPath: () => `/v1/users/${userIdOf(hash32(k++, 300) % o.users, o.users)}`,
    },
    {
      name: 'GetUserList order_by=-created_at, page 1',
      nextPath: () => '/v1/users?order_by=-created_at&limit=10',
    },
  ];
  for (const processes of [1, 2]) {
    const port = await freePort();
    const primary = startChild(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(import.meta.dirname, 'cluster-primary.ts'),
        String(processes),
        o.serverCli,
        'serve',
        ...['--port', String(port), '--host', '127.0.0.1', ...o.args],
      ],
      {
        cwd: o.benchDir,
        env: o.env,
        logFile: path.join(o.benchDir, `server-nodes-${processes}.log`),
      },
    );
    try {
      const origin = `http://127.0.0.1:${port}`;
      await waitForHttp(`${origin}/healthz`, primary, 120_000);
      // Every worker listening: the primary answers /healthz as soon as the first one is.
      const deadline = Date.now() + 120_000;
      while (childrenOf(primary.pid ?? 0).length < processes && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 3_000));
      const serverPids = [primary.pid ?? 0, ...childrenOf(primary.pid ?? 0)];
      for (const s of scenarios) {
        const measured: NodesRow[] = [];
        for (let round = 0; round < o.rounds; round++) {
          await waitForQuietMachine();
          let cpu: () => CpuShare = () => ({ servers: 0, postgres: 0, bench: 0, other: 0 });
          const load = {
            origin,
            nextPath: s.nextPath,
            headers: o.headers,
            connections: o.connections,
            drainPath: '/healthz',
          };
          const m = await measure(load, o.duration, o.warmup, () => {
            cpu = watchCpu(serverPids, new URL(o.databaseUrl).pathname.slice(1));
          });
          measured.push({ name: s.name, processes, measurement: m, cpu: cpu() });
        }
        measured.sort((a, b) => a.measurement.rps - b.measurement.rps);
        const row = measured[Math.floor((measured.length - 1) / 2)]!;
        const c = row.cpu;
        console.log(
          `  ${s.name}, ${processes} process(es): ${Math.round(row.measurement.rps)} req/s, p99 ${row.measurement.p99.toFixed(2)} ms; cores: servers ${c.servers.toFixed(2)}, postgres ${c.postgres.toFixed(2)}, bench ${c.bench.toFixed(2)}, other ${c.other.toFixed(2)}`,
        );
        rows.push(row);
      }
    } finally {
      await stopChild(primary);
    }
  }
  return rows;
}

export function nodesMarkdown(rows: NodesRow[]): string {
  if (rows.length === 0) return '';
  const cores = os.cpus().length;
  const lines = [
    `### Several server processes on one PostgreSQL (1 vs 2, node:cluster round-robin, ${cores} cores)`,
    '',
    '| scenario | processes | req/s | p99 ms | × 1 process | target | CPU cores used: servers / PostgreSQL / autocannon / other |',
    '|---|---:|---:|---:|---:|---|---|',
  ];
  for (const row of rows) {
    const one = rows.find((r) => r.name === row.name && r.processes === 1)!;
    const ratio = row.measurement.rps / one.measurement.rps;
    const c = row.cpu;
    const failures = row.measurement.errors + row.measurement.non2xx;
    const verdict =
      failures > 0
        ? `FAIL (${failures} errors/non-2xx)`
        : row.processes === 1
          ? ''
          : `${ratio >= 1.5 ? 'pass' : 'miss'} (≥ 1.5×)`;
    lines.push(
      `| ${row.name} | ${row.processes} | ${Math.round(row.measurement.rps).toLocaleString('en-US')} | ${row.measurement.p99.toFixed(2)} | ${ratio.toFixed(2)} | ${verdict} | ${c.servers.toFixed(2)} / ${c.postgres.toFixed(2)} / ${c.bench.toFixed(2)} / ${c.other.toFixed(2)} |`,
    );
  }
  // What the whole machine could serve at the one-process row's CPU cost per request.
  const ceilings = rows
    .filter((r) => r.processes === 1)
    .map((r) => {
      const used = r.cpu.servers + r.cpu.postgres + r.cpu.bench;
      return `${r.name}: ${used.toFixed(2)} cores for ${Math.round(r.measurement.rps).toLocaleString('en-US')} req/s, so at most ${(cores / used).toFixed(2)}× with all ${cores} cores`;
    });
  lines.push(
    '',
    `Where it stops: one process already costs, with PostgreSQL and autocannon, ${ceilings.join('; ')} (if nothing else ran). A second process can only add what is left of the cores; when the one-process server runs at a full core, PostgreSQL and autocannon take most of the second.`,
    '',
    `CPU: cores each group kept busy during the row (utime + stime from /proc; ${cores} cores in all; PostgreSQL = the bench database's backends and the server's own processes, other = everything else on the machine). When servers + PostgreSQL + autocannon add up to about ${cores}, the machine is saturated and a second process can only share the same cores.`,
  );
  return lines.join('\n');
}
