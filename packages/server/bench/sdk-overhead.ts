/**
 * The SDK in `npm run bench` (docs/benchmarks.md, "SDK"): what @castellan/sdk costs on top of
 * the request it sends. Against one Castellan server in a child process (in-memory SQLite,
 * a few users), `GetUser` and `GetUserList` are called through the SDK, through bare `fetch`
 * and through `@clerk/backend`, 10 calls in flight, in rounds that alternate the clients'
 * order; each row is the median of its rounds. Calls per second are mostly the server's
 * speed; the client's CPU time per call (this process) is what the SDK adds. Also the
 * minified and gzipped size of an esbuild bundle calling one method, next to @clerk/backend's.
 */
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { createClerkClient } from '@clerk/backend';
import { build } from 'esbuild';
import { Castellan } from '../../sdk/src/index.js';
import { waitForQuietMachine } from './processes.js';
import { startServerChild } from './session-token-setup.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const IN_FLIGHT = 10;
const USERS = 20;
const LIST_LIMIT = 10;

type Client = 'bare fetch' | '@castellan/sdk' | '@clerk/backend';
const CLIENTS: Client[] = ['bare fetch', '@castellan/sdk', '@clerk/backend'];
type Call = 'GetUser' | 'GetUserList';
const CALLS: Call[] = ['GetUser', 'GetUserList'];

interface Sample {
  perSecond: number;
  cpuMicrosPerCall: number;
}

export interface SdkRow {
  call: Call;
  client: Client;
  /** Medians over the rounds, and the range of calls per second. */
  perSecond: number;
  min: number;
  max: number;
  cpuMicrosPerCall: number;
}

export interface SdkReport {
  rows: SdkRow[];
  bundles: { name: string; bytes: number; gzipped: number }[];
  rounds: number;
  seconds: number;
  /** The share of the CPUs others used before the run. */
  busy: number;
}

/** `IN_FLIGHT` workers call `once` until `seconds` are over. */
async function measure(seconds: number, once: () => Promise<unknown>): Promise<Sample> {
  const end = performance.now() + seconds * 1000;
  let calls = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const worker = async () => {
    while (performance.now() < end) {
      await once();
      calls += 1;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const used = process.cpuUsage(cpu);
  return {
    perSecond: calls / ((performance.now() - started) / 1000),
    cpuMicrosPerCall: (used.user + used.system) / calls,
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Each client's two calls, checked once to answer what the server holds. */
async function callers(origin: string, secretKey: string, userId: string) {
  const headers = { authorization: `Bearer ${secretKey}` };
  const getJson = async (url: string) => {
    const response = await fetch(url, { headers });
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    return response.json() as Promise<unknown>;
  };
  const sdk = new Castellan({ bearerAuth: secretKey, serverURL: `${origin}/v1` });
  const clerk = createClerkClient({ secretKey, apiUrl: origin });
  const calls: Record<Client, Record<Call, () => Promise<unknown>>> = {
    'bare fetch': {
      GetUser: () => getJson(`${origin}/v1/users/${userId}`),
      GetUserList: () => getJson(`${origin}/v1/users?limit=${LIST_LIMIT}`),
    },
    '@castellan/sdk': {
      GetUser: () => sdk.users.getUser({ user_id: userId }),
      GetUserList: () => sdk.users.getUserList({ limit: LIST_LIMIT }),
    },
    '@clerk/backend': {
      GetUser: () => clerk.users.getUser(userId),
      GetUserList: () => clerk.users.getUserList({ limit: LIST_LIMIT }),
    },
  };
  const ids = [
    (await getJson(`${origin}/v1/users/${userId}`)) as { id: string },
    await sdk.users.getUser({ user_id: userId }),
    await clerk.users.getUser(userId),
  ].map((u) => u.id);
  const lengths = [
    ((await getJson(`${origin}/v1/users?limit=${LIST_LIMIT}`)) as unknown[]).length,
    (await sdk.users.getUserList({ limit: LIST_LIMIT })).length,
    (await clerk.users.getUserList({ limit: LIST_LIMIT })).data.length,
  ];
  if (ids.some((id) => id !== userId) || lengths.some((n) => n !== LIST_LIMIT)) {
    throw new Error(`the clients disagree: ${JSON.stringify({ ids, lengths })}`);
  }
  return calls;
}

/** Bytes of a minified bundle of `code` (resolved from the repository root), and gzipped. */
async function bundleSize(name: string, code: string) {
  const result = await build({
    stdin: { contents: code, resolveDir: ROOT, loader: 'ts' },
    // The SDK as its source: what tsup's dist holds, without needing a build first.
    alias: { '@castellan/sdk': path.join(ROOT, 'packages/sdk/src/index.ts') },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const bytes = result.outputFiles[0]!.contents;
  return { name, bytes: bytes.length, gzipped: gzipSync(bytes, { level: 9 }).length };
}

export async function benchSdkOverhead(seconds = 2, rounds = 5): Promise<SdkReport> {
  const busy = await waitForQuietMachine(0.15, 30_000);
  const child = await startServerChild();
  try {
    const { origin, secretKey } = child.info;
    const created: string[] = [];
    for (let i = 0; i < USERS; i++) {
      const response = await fetch(`${origin}/v1/users`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          email_address: [`sdk-bench-${i}@example.com`],
          first_name: `User ${i}`,
          skip_password_requirement: true,
        }),
      });
      created.push(((await response.json()) as { id: string }).id);
    }
    const calls = await callers(origin, secretKey, created[0]!);
    const samples = new Map<string, Sample[]>();
    // A warm-up round (JIT, keep-alive connections), then rounds in rotating order.
    for (let round = -1; round < rounds; round++) {
      for (const call of CALLS) {
        for (let k = 0; k < CLIENTS.length; k++) {
          const client = CLIENTS[(k + Math.max(round, 0)) % CLIENTS.length]!;
          const sample = await measure(round < 0 ? 0.5 : seconds, calls[client][call]);
          if (round >= 0)
            samples.set(`${call}|${client}`, [...(samples.get(`${call}|${client}`) ?? []), sample]);
        }
      }
    }
    const rows = [...samples].map(([key, s]): SdkRow => {
      const [call, client] = key.split('|') as [Call, Client];
      const perSecond = s.map((x) => x.perSecond);
      return {
        call,
        client,
        perSecond: median(perSecond),
        min: Math.min(...perSecond),
        max: Math.max(...perSecond),
        cpuMicrosPerCall: median(s.map((x) => x.cpuMicrosPerCall)),
      };
    });
    const bundles = [
      await bundleSize(
        '@castellan/sdk',
        "import { Castellan } from '@castellan/sdk';\n" +
          "await new Castellan({ bearerAuth: 'sk_x' }).users.getUser({ user_id: 'user_x' });",
      ),
      await bundleSize(
        '@clerk/backend',
        "import { createClerkClient } from '@clerk/backend';\n" +
          "await createClerkClient({ secretKey: 'sk_x' }).users.getUser('user_x');",
      ),
    ];
    return { rows, bundles, rounds, seconds, busy };
  } finally {
    await child.stop();
  }
}

export function sdkMarkdown(report: SdkReport): string {
  const lines = [
    `${IN_FLIGHT} calls in flight from this process, ${report.rounds} rounds of ${report.seconds} s per row in rotating order (median, range in parentheses); the server is a child process on in-memory SQLite; others used ${Math.round(report.busy * 100)} % of the CPUs before the run.`,
    '',
    '| call | client | calls/s | client CPU µs per call | vs bare fetch |',
    '| --- | --- | ---: | ---: | --- |',
  ];
  for (const call of CALLS) {
    const bare = report.rows.find((r) => r.call === call && r.client === 'bare fetch')!;
    for (const row of report.rows.filter((r) => r.call === call)) {
      const vs =
        row === bare
          ? 'reference'
          : `${((row.perSecond / bare.perSecond) * 100).toFixed(1)} % of its calls/s, ` +
            `${Math.round(row.cpuMicrosPerCall - bare.cpuMicrosPerCall)} µs more CPU per call`;
      const range = `${Math.round(row.perSecond)} (${Math.round(row.min)}–${Math.round(row.max)})`;
      lines.push(
        `| ${call} | ${row.client} | ${range} | ${Math.round(row.cpuMicrosPerCall)} | ${vs} |`,
      );
    }
  }
  lines.push('', '| bundle calling `users.getUser` (esbuild, minified) | bytes | gzipped |');
  lines.push('| --- | ---: | ---: |');
  for (const b of report.bundles) lines.push(`| ${b.name} | ${b.bytes} | ${b.gzipped} |`);
  lines.push(
    '',
    "@clerk/backend's `users.getUserList` also asks `GET /v1/users/count`: two requests per call.",
  );
  return `## SDK\n\n${lines.join('\n')}\n`;
}

// Run alone: `node --import tsx packages/server/bench/sdk-overhead.ts [seconds] [rounds]`.
if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const report = await benchSdkOverhead(Number(process.argv[2] ?? 2), Number(process.argv[3] ?? 5));
  console.log(sdkMarkdown(report));
}
