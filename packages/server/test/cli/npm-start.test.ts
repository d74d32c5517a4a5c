import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** The PIDs of every process below `pid`, from /proc (Linux). */
function descendantsOf(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // `pid (comm) state ppid …`; comm may hold spaces and parentheses, so read after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  const out: number[] = [];
  const visit = (p: number) =>
    (children.get(p) ?? []).forEach((child) => {
      out.push(child);
      visit(child);
    });
  visit(pid);
  return out;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function portAnswers(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.once('connect', () => socket.end(() => resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

// Regression, issue 6: `npm start` ran `npm run build && node dist/cli.js serve` through
// `sh -c`; npm forwards SIGTERM to the shell, which died and left the server running.
describe.runIf(process.platform === 'linux')('npm start', { timeout: 120_000 }, () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'castellan-npm-start-'));
  const leftovers: number[] = [];
  afterAll(() => {
    for (const pid of leftovers) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal} to the npm process stops the server, after draining, and frees its port`, async () => {
      const npm = spawn('npm', ['start', '--', '--port', '0', '--data-dir', dataDir], {
        cwd: ROOT,
        env: { ...process.env, CLERK_SECRET_KEY: '', DATABASE_URL: '', LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      npm.stdout.on('data', (d) => (out += d));
      npm.stderr.on('data', (d) => (out += d));
      const exited = new Promise<void>((resolve) => npm.once('exit', () => resolve()));
      const url = await new Promise<string>((resolve, reject) => {
        npm.stdout.on('data', () => {
          const match = /listening on (http:\/\/\S+)/.exec(out);
          if (match) resolve(match[1]!);
        });
        npm.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${out}`)));
      });
      const below = descendantsOf(npm.pid!);
      leftovers.push(...below);
      expect(below.length).toBeGreaterThan(0);
      expect(await portAnswers(url)).toBe(true);

      npm.kill(signal);
      await exited;

      expect(below.filter(isAlive)).toEqual([]);
      expect(await portAnswers(url)).toBe(false);
      expect(out).toMatch(new RegExp(`Castellan stopped \\(${signal}, drained in \\d+ ms\\)\\n`));
    });
  }
});
