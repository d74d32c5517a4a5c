import { spawn, type ChildProcess } from 'node:child_process';
import { inject } from 'vitest';

/** The CLI, bundled from the sources once per test run (global-setup.ts). */
export const CLI = inject('cliPath');

/** A clean environment: no key, database or log level inherited from the shell running the tests. */
const BASE_ENV = {
  CLERK_SECRET_KEY: '',
  CLERK_SECRET_KEY_FILE: '',
  DATABASE_URL: '',
  DATABASE_URL_FILE: '',
  CASTELLAN_REPLACE_SECRET_KEY: '',
  CASTELLAN_PUBLIC_URL: '',
  CASTELLAN_ENCRYPTION_KEY: '',
  CASTELLAN_ENCRYPTION_KEY_FILE: '',
  CASTELLAN_ENCRYPTION_PREVIOUS_KEYS: '',
  CASTELLAN_RATE_LIMIT: '',
  CASTELLAN_RATE_LIMIT_MAX: '',
  CASTELLAN_RATE_LIMIT_WINDOW_MS: '',
  CASTELLAN_RATE_LIMIT_REDIS_PREFIX: '',
  REDIS_URL: '',
  LOG_LEVEL: 'info',
};

export interface Running {
  child: ChildProcess;
  output: () => string;
  stdout: () => string;
  stderr: () => string;
  url: string;
}

function spawnCli(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, ...BASE_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => ((out += d), (stdout += d)));
  child.stderr!.on('data', (d) => ((out += d), (stderr += d)));
  return { child, output: () => out, stdout: () => stdout, stderr: () => stderr };
}

/** Starts `castellan serve` on a free port and resolves once its banner is complete. */
export function serve(args: string[], env: Record<string, string> = {}): Promise<Running> {
  const run = spawnCli(['serve', '--port', '0', ...args], env);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`serve did not start:\n${run.output()}`)),
      30_000,
    );
    run.child.stdout!.on('data', () => {
      const match = /listening on (http:\/\/\S+)/.exec(run.stdout());
      if (match && /Secret key:.*\n/.test(run.stdout())) {
        clearTimeout(timer);
        resolve({ ...run, url: match[1]! });
      }
    });
    run.child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${run.output()}`));
    });
  });
}

/** Runs the CLI to its end (a refused start, `migrate`, `--help`). */
export function runCli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = spawnCli(args, env);
  return new Promise((resolve) =>
    run.child.on('close', (code) => resolve({ code, stdout: run.stdout(), stderr: run.stderr() })),
  );
}

/** Sends `signal` and resolves with the exit code, or the signal that killed the process. */
export function stop(
  running: Running,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<number | NodeJS.Signals | null> {
  const { child } = running;
  // Already gone (it crashed, or something else signalled it): 'close' will not fire again.
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve(child.exitCode ?? child.signalCode);
  }
  return new Promise((resolve) => {
    child.once('close', (code, killedBy) => resolve(code ?? killedBy));
    child.kill(signal);
  });
}

/** Resolves once the server has printed a line matching `pattern` (on stdout, where pino logs). */
export async function waitFor(running: Running, pattern: RegExp): Promise<void> {
  while (!pattern.test(running.stdout())) {
    await new Promise((resolve) => running.child.stdout!.once('data', resolve));
  }
}
