/**
 * Machine auth in `npm run bench` (docs/benchmarks.md, "Machine auth"): verifications per
 * second of `verifyApiKey` and `verifyM2MToken` (opaque) over HTTP, as `@clerk/backend`
 * calls them (`POST /api_keys/verify`, `POST /m2m_tokens/verify`, no `/v1`), each next to a
 * raw `node:http` baseline serving the same answer bytes, in the same run. No seeding: the
 * server is a child process on in-memory SQLite (`machine-auth-server.ts`).
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { startChild, stopChild, waitForHttp } from './processes.js';

export interface MachineAuthRow {
  name: string;
  perSecond: number;
  p99: number;
  baselinePerSecond: number;
}

interface ServerInfo {
  origin: string;
  secretKey: string;
  apiKeySecret: string;
  m2mToken: string;
  verifierKey: string;
  apiKeyAnswer: unknown;
  m2mAnswer: unknown;
}

async function startServer() {
  const script = path.join(import.meta.dirname, 'machine-auth-server.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return { child, info: JSON.parse(first) as ServerInfo };
}

function postLoad(url: string, key: string, body: unknown, seconds: number) {
  return new Promise<autocannon.Result>((resolve, reject) => {
    autocannon(
      {
        url,
        method: 'POST',
        connections: 10,
        duration: seconds,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
  });
}

async function measure(url: string, key: string, body: unknown, seconds: number) {
  await postLoad(url, key, body, 1); // warm-up
  const result = await postLoad(url, key, body, seconds);
  const bad = result.non2xx + result.errors;
  if (bad > 0) throw new Error(`${url}: ${bad} of ${result.requests.total} failed`);
  return {
    perSecond: result.requests.total / (result.duration || seconds),
    p99: result.latency.p99,
  };
}

/** A raw node:http server answering `answer`'s JSON to every request. */
async function startBaseline(name: string, answer: unknown, port: number) {
  const file = path.join(os.tmpdir(), `castellan-bench-${name}-${process.pid}.json`);
  writeFileSync(file, JSON.stringify(answer));
  const script = path.join(import.meta.dirname, 'baseline-server.ts');
  const child = startChild(process.execPath, ['--import', 'tsx', script, String(port), file], {
    logFile: path.join(os.tmpdir(), `castellan-bench-${name}.log`),
    cwd: import.meta.dirname,
  });
  const origin = `http://127.0.0.1:${port}`;
  await waitForHttp(origin, child);
  return { child, origin };
}

export async function benchMachineAuth(seconds: number): Promise<MachineAuthRow[]> {
  const server = await startServer();
  const rows: MachineAuthRow[] = [];
  try {
    const { origin, secretKey, verifierKey, apiKeySecret, m2mToken } = server.info;
    const cases = [
      {
        name: 'verifyApiKey (POST /api_keys/verify, instance key)',
        path: '/api_keys/verify',
        key: secretKey,
        body: { secret: apiKeySecret },
        answer: server.info.apiKeyAnswer,
      },
      {
        name: 'verifyM2MToken, opaque (POST /m2m_tokens/verify, instance key)',
        path: '/m2m_tokens/verify',
        key: secretKey,
        body: { token: m2mToken },
        answer: server.info.m2mAnswer,
      },
      {
        name: 'verifyM2MToken, opaque (machine key of a scoped machine)',
        path: '/m2m_tokens/verify',
        key: verifierKey,
        body: { token: m2mToken },
        answer: server.info.m2mAnswer,
      },
    ];
    let port = 39_800 + (process.pid % 100);
    for (const c of cases) {
      const castellan = await measure(`${origin}${c.path}`, c.key, c.body, seconds);
      const baseline = await startBaseline('machine-auth', c.answer, (port += 1));
      try {
        const raw = await measure(`${baseline.origin}${c.path}`, c.key, c.body, seconds);
        rows.push({ name: c.name, ...castellan, baselinePerSecond: raw.perSecond });
      } finally {
        await stopChild(baseline.child);
      }
    }
  } finally {
    server.child.kill('SIGTERM');
  }
  return rows;
}

export function machineAuthMarkdown(rows: MachineAuthRow[]): string {
  const lines = [
    '| scenario | verifications/s | p99 ms | raw baseline req/s | % of baseline |',
    '| --- | ---: | ---: | ---: | ---: |',
  ];
  for (const row of rows) {
    const percent = ((row.perSecond / row.baselinePerSecond) * 100).toFixed(0);
    lines.push(
      `| ${row.name} | ${Math.round(row.perSecond)} | ${row.p99} | ${Math.round(row.baselinePerSecond)} | ${percent} % |`,
    );
  }
  return `## Machine auth\n\n${lines.join('\n')}\n`;
}

// Run alone: `node --import tsx packages/server/bench/machine-auth.ts [seconds]`.
if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  console.log(machineAuthMarkdown(await benchMachineAuth(Number(process.argv[2] ?? 5))));
}
