/**
 * Session tokens in `npm run bench` (docs/benchmarks.md, "Session tokens"): how many tokens
 * per second `CreateSessionToken` mints over HTTP, compared in the same run with a bare
 * node:crypto RS256 signer on one core (target: at least 80 %), the service function alone,
 * and how many tokens per second `@clerk/backend`'s `verifyToken` checks against the JWKS it
 * fetched from the server. Seconds per row, no seeding.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import path from 'node:path';
import { verifyToken } from '@clerk/backend';
import autocannon from 'autocannon';
import { createServer } from '../src/app.js';
import { openDatabase } from '../src/db/database.js';
import { createSessionToken } from '../src/sessions/session-token-service.js';
import { processTicks, waitForQuietMachine } from './processes.js';
import { benchScope, startServerChild } from './session-token-setup.js';

export interface TokenRow {
  name: string;
  /** Tokens per second of wall time. */
  perSecond: number;
  /** Tokens per second of CPU time of the process that signs: what noise on a shared host hides. */
  perCpuSecond: number;
  note: string;
}

/** Runs `once` back to back for `seconds`; answers calls per wall and per CPU second. */
async function loop(seconds: number, once: () => unknown) {
  const end = performance.now() + seconds * 1000;
  let count = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  while (performance.now() < end) {
    await once();
    count += 1;
  }
  const used = process.cpuUsage(cpu);
  return {
    perSecond: count / ((performance.now() - started) / 1000),
    perCpuSecond: count / ((used.user + used.system) / 1e6),
  };
}

const percentOf = (a: TokenRow, b: TokenRow) =>
  `${((a.perCpuSecond / b.perCpuSecond) * 100).toFixed(0)} % of bare per CPU second, ` +
  `${((a.perSecond / b.perSecond) * 100).toFixed(0)} % per wall second`;

/** A bare RS256 signer: a 2048-bit key and a payload of a session token's size. */
function bareSigner(): () => string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const header = Buffer.from('{"alg":"RS256","kid":"ins_x","typ":"JWT"}').toString('base64url');
  return () => {
    const claims = { sub: 'user_x', sid: 'sess_x', iat: Math.floor(Date.now() / 1000), v: 2 };
    const input = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
  };
}

/** The same signatures through the callback form (libuv thread pool), `inFlight` at a time. */
async function bareAsyncSigner(seconds: number, inFlight: number) {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const input = Buffer.from('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyX3giLCJ2IjoyfQ');
  const end = performance.now() + seconds * 1000;
  const started = performance.now();
  const cpu = process.cpuUsage();
  let count = 0;
  const worker = async () => {
    while (performance.now() < end) {
      await new Promise((resolve, reject) =>
        sign('sha256', input, privateKey, (e, s) => (e ? reject(e) : resolve(s))),
      );
      count += 1;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const used = process.cpuUsage(cpu);
  return {
    perSecond: count / ((performance.now() - started) / 1000),
    perCpuSecond: count / ((used.user + used.system) / 1e6),
  };
}

/** POSTs to `path` over `connections` keep-alive connections for `seconds`. */
function postLoad(origin: string, urlPath: string, secretKey: string, seconds: number) {
  return new Promise<autocannon.Result>((resolve, reject) => {
    autocannon(
      {
        url: `${origin}${urlPath}`,
        method: 'POST',
        connections: 10,
        duration: seconds,
        headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' },
        body: '{}',
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
  });
}

export async function benchSessionTokens(seconds: number): Promise<TokenRow[]> {
  const busy = await waitForQuietMachine(0.15, 30_000);
  const bare: TokenRow = {
    name: 'bare node:crypto RS256 sign (one core)',
    ...(await loop(seconds, bareSigner())),
    note: `reference (others used ${Math.round(busy * 100)} % of the CPUs before the run)`,
  };
  const rows = [bare];
  const pool: TokenRow = {
    name: 'bare node:crypto RS256 sign, callback form (thread pool, 10 in flight)',
    ...(await bareAsyncSigner(seconds, 10)),
    note: '',
  };
  pool.note = `what the thread pool adds on this host: ${percentOf(pool, bare)}`;
  rows.push(pool);

  // The service function in this process: a read of the session and its settings, the sign.
  const app = await createServer({
    database: openDatabase({ url: ':memory:' }),
    encryptionKey: Buffer.alloc(32, 'bench').toString('base64'),
    frontendApi: 'bench.castellan.accounts.dev',
    logger: false,
  });
  const { scope, sessionId } = await benchScope(app);
  const service = await loop(seconds, () => createSessionToken(scope, sessionId, undefined));
  const serviceRow: TokenRow = {
    name: 'createSessionToken (service function)',
    ...service,
    note: '',
  };
  serviceRow.note = `one at a time: ${percentOf(serviceRow, bare)}`;
  rows.push(serviceRow);
  await app.close();

  // Over HTTP: the server in a child process of its own (one core, as the bare signer had).
  const child = await startServerChild();
  try {
    const { origin, secretKey, sessionId: sid } = child.info;
    const urlPath = `/v1/sessions/${sid}/tokens`;
    await postLoad(origin, urlPath, secretKey, 1);
    const ticks = processTicks(child.pid);
    const result = await postLoad(origin, urlPath, secretKey, seconds);
    const cpuSeconds = (processTicks(child.pid) - ticks) / 100;
    const bad = result.non2xx + result.errors;
    if (bad > 0) throw new Error(`CreateSessionToken: ${bad} of ${result.requests.total} failed`);
    const http: TokenRow = {
      name: 'CreateSessionToken over HTTP (10 connections)',
      perSecond: result.requests.total / (result.duration || seconds),
      perCpuSecond: result.requests.total / cpuSeconds,
      note: '',
    };
    http.note = `${percentOf(http, bare)} (target ≥ 80 %), p99 ${result.latency.p99} ms`;
    rows.push(http);

    const token = await fetch(`${origin}${urlPath}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' },
      body: '{}',
    }).then((r) => r.json() as Promise<{ jwt: string }>);
    const options = { secretKey, apiUrl: origin };
    await verifyToken(token.jwt, options); // fetches and caches the JWKS
    rows.push({
      name: '@clerk/backend verifyToken (JWKS fetched from the server, cached)',
      ...(await loop(seconds, () => verifyToken(token.jwt, options))),
      note: 'verifications, in this process',
    });
  } finally {
    await child.stop();
  }
  return rows;
}

export function tokenRowsMarkdown(rows: TokenRow[]): string {
  const lines = [
    '| scenario | tokens/s | tokens per CPU second | note |',
    '| --- | ---: | ---: | --- |',
  ];
  for (const row of rows) {
    const cells = [row.name, Math.round(row.perSecond), Math.round(row.perCpuSecond), row.note];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return `## Session tokens\n\n${lines.join('\n')}\n`;
}

// Run alone: `node --import tsx packages/server/bench/session-tokens.ts [seconds]`.
if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const rows = await benchSessionTokens(Number(process.argv[2] ?? 5));
  console.log(tokenRowsMarkdown(rows));
}
