import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { BCRYPT_COST } from '../src/passwords/password-hash.js';
import { measure, measureBcrypt } from './measure.js';
import {
  freePort,
  startChild,
  stopChild,
  waitForHttp,
  waitForQuietMachine,
  watchForeignLoad,
} from './processes.js';
import { consoleTable, medianRow, type DialectReport, type Row } from './report.js';
import { scenarios, type Dialect, type Scenario } from './scenarios.js';
import { BENCH_ENCRYPTION_KEY, BENCH_SECRET_KEY } from './seed-instance.js';
import { verifySeedThroughServer } from './verify.js';

export interface RunOptions {
  dialect: Dialect;
  users: number;
  databaseUrl: string;
  serverCli: string;
  root: string;
  benchDir: string;
  duration: number;
  warmup: number;
  connections: number;
  rounds: number;
  only: string[] | undefined;
  cpuProf: boolean;
  /** How long a row waits for other processes to quiet down before it measures anyway. */
  quietWaitMs: number;
}

/** The server's environment: as a user runs it (default `info` logging), minus our own overrides. */
export function serverEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of [
    'LOG_LEVEL',
    'DATABASE_URL',
    'CLERK_SECRET_KEY',
    'PORT',
    'HOST',
    'NODE_OPTIONS',
    'CASTELLAN_ENCRYPTION_KEY_FILE',
    'CASTELLAN_ENCRYPTION_PREVIOUS_KEYS',
    // The rate limits as a user runs them: the bench's instance is a development one, so
    // nothing is limited (docs/benchmarks.md, "Rate limiter").
    'CASTELLAN_RATE_LIMIT',
    'CASTELLAN_RATE_LIMIT_MAX',
    'CASTELLAN_RATE_LIMIT_WINDOW_MS',
    'REDIS_URL',
  ])
    delete env[key];
  // The key the seed sealed the instance's signing key with.
  return { ...env, CASTELLAN_ENCRYPTION_KEY: BENCH_ENCRYPTION_KEY };
}

/** Starts the server and the baseline, measures every scenario, stops both. */
export async function runDialect(o: RunOptions): Promise<DialectReport> {
  const [serverPort, baselinePort] = [await freePort(), await freePort()];
  const server = startChild(
    process.execPath,
    [
      ...(o.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${path.join(o.benchDir, 'profiles')}`] : []),
      o.serverCli,
      'serve',
      ...['--port', String(serverPort), '--host', '127.0.0.1'],
      ...['--database-url', o.databaseUrl, '--secret-key', BENCH_SECRET_KEY],
    ],
    {
      cwd: o.benchDir,
      env: serverEnv(),
      logFile: path.join(o.benchDir, `server-${o.dialect}.log`),
    },
  );
  const serverOrigin = `http://127.0.0.1:${serverPort}`;
  const baselineOrigin = `http://127.0.0.1:${baselinePort}`;
  const headers = { authorization: `Bearer ${BENCH_SECRET_KEY}` };
  let baseline: ReturnType<typeof startChild> | undefined;
  try {
    await waitForHttp(`${serverOrigin}/healthz`, server, 120_000);
    const sampleUser = await verifySeedThroughServer(serverOrigin, headers, o.users);
    console.log(`${o.dialect}: the server returns the seeded users`);
    const userFile = path.join(o.benchDir, 'baseline-user.json');
    writeFileSync(userFile, JSON.stringify(sampleUser));
    baseline = startChild(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(import.meta.dirname, 'baseline-server.ts'),
        String(baselinePort),
        userFile,
      ],
      { cwd: o.root, logFile: path.join(o.benchDir, 'baseline.log') },
    );
    await waitForHttp(`${baselineOrigin}/`, baseline);

    const pids = [process.pid, server.pid ?? 0, baseline.pid ?? 0];
    const measureScenario = async (s: Scenario): Promise<Row> => {
      const origin = s.on === 'server' ? serverOrigin : baselineOrigin;
      const since = Date.now();
      let note = '';
      if (s.on !== 'bcrypt') {
        const first = await fetch(`${origin}${s.nextPath()}`, {
          headers: s.nextBody ? { ...headers, 'content-type': 'application/json' } : headers,
          ...(s.nextBody && { method: 'POST', body: s.nextBody() }),
        });
        const body: unknown = await first.json();
        if (!first.ok) throw new Error(`${s.name}: ${first.status} ${JSON.stringify(body)}`);
        note = s.check ? s.check(body) : '';
      }
      const busyBefore = await waitForQuietMachine(0.15, o.quietWaitMs);
      const drainPath = s.on === 'server' ? '/healthz' : '/';
      const load = {
        origin,
        nextPath: s.nextPath,
        nextBody: s.nextBody,
        headers,
        connections: o.connections,
        drainPath,
      };
      let foreignLoad = () => 0;
      const onMeasureStart = () => {
        foreignLoad = watchForeignLoad(pids, o.dialect === 'postgres');
      };
      const m =
        s.on === 'bcrypt'
          ? await measureBcrypt(BCRYPT_COST, o.duration, o.warmup, onMeasureStart)
          : await measure(load, o.duration, o.warmup, onMeasureStart);
      const otherLoad = foreignLoad();
      await s.cleanup?.(serverOrigin, headers, since);
      const failures = m.errors + m.non2xx ? `, ${m.errors} errors, ${m.non2xx} non-2xx` : '';
      console.log(
        `  ${s.name}: ${Math.round(m.rps)} req/s, p50 ${m.p50.toFixed(2)} ms, p99 ${m.p99.toFixed(2)} ms${failures}`,
      );
      const baselineRow = s.on === 'baseline';
      return {
        name: s.name,
        baseline: baselineRow,
        ceiling: s.on === 'bcrypt',
        measurement: m,
        target: s.target,
        note,
        busyBefore,
        otherLoad,
      };
    };

    const selected = scenarios(o.users, o.dialect).filter(
      (s) => !o.only || s.on === 'baseline' || o.only.some((word) => s.name.includes(word)),
    );
    const rounds: Row[][] = [];
    for (let round = 1; round <= o.rounds; round++) {
      if (o.rounds > 1) console.log(`  round ${round}/${o.rounds}`);
      const measured: Row[] = [];
      for (const s of selected) measured.push(await measureScenario(s));
      rounds.push(measured);
    }
    const rows = selected.map((_, i) => medianRow(rounds.map((measured) => measured[i]!)));
    const report = { dialect: o.dialect, users: o.users, rows };
    console.log(
      `\n${o.dialect}, ${o.users.toLocaleString('en-US')} users\n${consoleTable(report)}\n`,
    );
    return report;
  } finally {
    if (baseline) await stopChild(baseline);
    await stopChild(server);
  }
}
