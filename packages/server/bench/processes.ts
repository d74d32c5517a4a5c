import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const children = new Set<ChildProcess>();

/** Kills every child still running; called on exit and on SIGINT/SIGTERM, so none is orphaned. */
function killAll(): void {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
}
process.once('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
}

/** Starts a child whose stdout and stderr go to `logFile` (truncated). */
export function startChild(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; logFile: string; cwd: string },
): ChildProcess {
  const fd = openSync(options.logFile, 'w');
  try {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', fd, fd],
    });
    children.add(child);
    child.once('exit', () => children.delete(child));
    return child;
  } finally {
    closeSync(fd);
  }
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the child is gone. */
export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Polls `url` until it answers 200, failing early if the child exits. */
export async function waitForHttp(url: string, child: ChildProcess, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: process exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function cpuTimes(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const t = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (t[3] ?? 0) + (t[4] ?? 0);
  const total = t.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/** Share of all CPUs busy over `ms` (Linux /proc/stat; 0 elsewhere). */
export async function machineBusy(ms = 1000): Promise<number> {
  try {
    const a = cpuTimes();
    await new Promise((r) => setTimeout(r, ms));
    const b = cpuTimes();
    return b.total > a.total ? (b.busy - a.busy) / (b.total - a.total) : 0;
  } catch {
    return 0;
  }
}

/**
 * Waits (up to `maxWaitMs`) until other work on the machine uses < `threshold` of the CPUs,
 * so a measurement is not skewed by someone's test run. Returns the last busy share seen.
 */
export async function waitForQuietMachine(threshold = 0.15, maxWaitMs = 120_000) {
  const deadline = Date.now() + maxWaitMs;
  let busy = await machineBusy();
  while (busy >= threshold && Date.now() < deadline) {
    process.stdout.write(`  machine busy (${Math.round(busy * 100)}% CPU), waiting…\n`);
    await new Promise((r) => setTimeout(r, 4000));
    busy = await machineBusy();
  }
  return busy;
}

/** CPU ticks used so far by a process (utime + stime), 0 when it is gone. */
export function processTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** CPU ticks of our processes by pid: the given pids and, for PostgreSQL, every `postgres`. */
function ourTicks(pids: number[], includePostgres: boolean): Map<number, number> {
  const ticks = new Map(pids.map((pid) => [pid, processTicks(pid)]));
  if (includePostgres) {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') {
          ticks.set(Number(entry), processTicks(Number(entry)));
        }
      } catch {
        // exited meanwhile
      }
    }
  }
  return ticks;
}

/**
 * Starts watching the CPU that processes other than ours use; the returned function gives
 * their share of all CPUs since then (Linux; 0 elsewhere). Someone's test run during a
 * measurement shows up here instead of silently lowering the numbers.
 */
export function watchForeignLoad(pids: number[], includePostgres: boolean): () => number {
  try {
    const machine = cpuTimes();
    const before = ourTicks(pids, includePostgres);
    return () => {
      const m = cpuTimes();
      const total = m.total - machine.total;
      // Per process, so a PostgreSQL backend that exits meanwhile does not count negative.
      let ours = 0;
      for (const [pid, t] of ourTicks(pids, includePostgres)) ours += t - (before.get(pid) ?? 0);
      const foreign = m.busy - machine.busy - ours;
      return total > 0 ? Math.min(1, Math.max(0, foreign / total)) : 0;
    };
  } catch {
    return () => 0;
  }
}
