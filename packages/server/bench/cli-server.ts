import { spawn } from 'node:child_process';

/** How the bench rows that start their own `castellan serve` run it, and load it. */
export interface CliServerLoad {
  users: number;
  serverCli: string;
  benchDir: string;
  env: NodeJS.ProcessEnv;
  /** serve's arguments (database, key) besides the port. */
  args: string[];
  headers: Record<string, string>;
  duration: number;
  connections: number;
}

export interface StartedServer {
  url: string;
  pid: number;
  /** `performance.now()` when the process was spawned. */
  spawnedAt: number;
  /** Milliseconds from spawn to the banner ("Castellan listening on …"). */
  startMs: number;
  stop: () => Promise<void>;
}

/**
 * Spawns `node <cli> serve <args>` and resolves once its banner names the URL it listens on.
 * stderr is passed through; stdout (the banner, then the log) is kept only until the banner.
 */
export function startCliServer(options: {
  cli: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
}): Promise<StartedServer> {
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [options.cli, 'serve', ...options.args], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    });
  process.once('exit', () => child.kill('SIGKILL'));
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (!url) return;
      child.stdout.off('data', onData);
      child.stdout.resume(); // the log is not needed: keep the pipe from filling up
      resolve({
        url,
        pid: child.pid ?? 0,
        spawnedAt,
        startMs: performance.now() - spawnedAt,
        stop,
      });
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
}
