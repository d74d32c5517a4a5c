/**
 * Webhook throughput in `npm run bench` (docs/benchmarks.md, "Webhooks"): how many signed
 * deliveries per second the worker gets to a local receiver (a plain `node:http` server
 * answering 204, its own process), against that receiver's own maximum measured in the
 * same run with autocannon POSTing bodies of the same size. Events are written straight
 * into the outbox of a SQLite file database; the worker runs in this process and the time
 * is from the first fan-out until every delivery is recorded a success.
 * `npm run bench -- --webhooks-only`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { createServer } from '../src/app.js';
import { createInstance } from '../src/instances/instance-service.js';
import { insertOutboxEvents } from '../src/outbox/outbox-store.js';
import { insertTestEndpoint } from '../test/webhooks/endpoints.js';

export interface WebhookRow {
  name: string;
  deliveries: number;
  perSecond: number;
  /** Deliveries per second ÷ the receiver's maximum with a new connection per request. */
  ofReceiver: number;
  /** Deliveries per second ÷ the receiver's maximum with keep-alive connections. */
  ofKeepAlive: number;
}

export interface WebhookReport {
  receiverKeepAlive: number;
  receiverNewConnections: number;
  rows: WebhookRow[];
}

/** A user.created payload of a realistic size (~1.5 KB as stored). */
function userData(i: number) {
  return {
    id: `user_bench${String(i).padStart(22, '0')}`,
    object: 'user',
    username: null,
    first_name: 'Bench',
    last_name: `User ${i}`,
    image_url: 'https://img.clerk.com/eyJ0eXBlIjoiZGVmYXVsdCJ9',
    has_image: false,
    primary_email_address_id: `idn_bench${i}`,
    email_addresses: [
      {
        id: `idn_bench${i}`,
        object: 'email_address',
        email_address: `bench.${i}@example.com`,
        verification: { status: 'verified', strategy: 'admin', attempts: null, expire_at: null },
        linked_to: [],
        reserved: false,
        created_at: 1_765_000_000_000,
        updated_at: 1_765_000_000_000,
      },
    ],
    phone_numbers: [],
    web3_wallets: [],
    passkeys: [],
    external_accounts: [],
    public_metadata: {},
    private_metadata: {},
    unsafe_metadata: {},
    password_enabled: false,
    two_factor_enabled: false,
    totp_enabled: false,
    backup_code_enabled: false,
    banned: false,
    locked: false,
    created_at: 1_765_000_000_000,
    updated_at: 1_765_000_000_000,
    last_sign_in_at: null,
  };
}

async function startReceiver(): Promise<{ child: ChildProcess; origin: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'webhook-receiver.ts')],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim()));
    child.once('exit', (code) => reject(new Error(`receiver exited with ${code}`)));
  });
  return { child, origin: `http://127.0.0.1:${port}` };
}

/** The receiver's requests per second under autocannon POSTing `body`. */
async function receiverMax(origin: string, body: string, seconds: number, keepAlive: boolean) {
  const result = await autocannon({
    url: `${origin}/webhooks`,
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...(keepAlive ? {} : { connection: 'close' }) },
    connections: 10,
    duration: seconds,
  });
  return result.requests.average;
}

/** Fans `events` out to `endpoints` endpoints of one instance and times every delivery. */
async function deliver(origin: string, events: number, endpoints: number, name: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'castellan-bench-webhooks-'));
  const app = await createServer({
    database: { url: path.join(dir, 'castellan.sqlite') },
    logger: false,
    webhooks: { enabled: false },
  });
  try {
    const { db } = app.castellan.database;
    const { instance } = await createInstance(db, {
      name: 'bench',
      frontendApi: 'bench.localhost',
      secrets: app.castellan.secrets,
    });
    for (let i = 0; i < endpoints; i += 1) {
      await insertTestEndpoint(app.castellan.database, app.castellan.secrets, {
        instanceId: instance.id,
        url: `${origin}/webhooks`,
      });
    }
    for (let i = 0; i < events; i += 500) {
      const batch = Array.from({ length: Math.min(500, events - i) }, (_, j) => ({
        type: 'user.created',
        data: userData(i + j),
      }));
      await insertOutboxEvents(db, instance.id, batch, {
        clientIp: '127.0.0.1',
        userAgent: 'bench',
      });
    }
    const started = performance.now();
    await app.castellan.webhooks.drain();
    const seconds = (performance.now() - started) / 1000;
    const done = await db
      .selectFrom('webhook_deliveries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'success')
      .executeTakeFirstOrThrow();
    const deliveries = Number(done.n);
    if (deliveries !== events * endpoints)
      throw new Error(`${name}: ${deliveries} of ${events * endpoints} delivered`);
    return { name, deliveries, perSecond: deliveries / seconds };
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchWebhooks(seconds: number): Promise<WebhookReport> {
  const receiver = await startReceiver();
  try {
    const body = JSON.stringify({ data: userData(0), object: 'event', type: 'user.created' });
    const keepAlive = await receiverMax(receiver.origin, body, seconds, true);
    const newConnections = await receiverMax(receiver.origin, body, seconds, false);
    const rows = [
      await deliver(receiver.origin, 2_000, 1, '1 endpoint (one attempt at a time, in order)'),
      await deliver(receiver.origin, 500, 16, '16 endpoints (16 at once), 500 events each'),
    ];
    return {
      receiverKeepAlive: keepAlive,
      receiverNewConnections: newConnections,
      rows: rows.map((row) => ({
        ...row,
        ofReceiver: row.perSecond / newConnections,
        ofKeepAlive: row.perSecond / keepAlive,
      })),
    };
  } finally {
    receiver.child.kill('SIGTERM');
  }
}

export function webhookMarkdown(report: WebhookReport): string {
  const lines = [
    '| Webhooks (SQLite file) | deliveries | per second | of the receiver: new connections / keep-alive |',
    '| --- | ---: | ---: | ---: |',
    ...report.rows.map(
      (row) =>
        `| ${row.name} | ${row.deliveries} | ${row.perSecond.toFixed(0)} | ${(row.ofReceiver * 100).toFixed(0)} % / ${(row.ofKeepAlive * 100).toFixed(1)} % |`,
    ),
    '',
    `Receiver maximum (autocannon, 10 connections): ${report.receiverKeepAlive.toFixed(0)} req/s ` +
      `with keep-alive, ${report.receiverNewConnections.toFixed(0)} req/s with a new connection ` +
      'per request (as the worker makes them).',
  ];
  return lines.join('\n');
}
