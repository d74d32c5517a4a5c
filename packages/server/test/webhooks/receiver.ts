import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook } from '@clerk/backend/webhooks';
import { Webhook } from 'svix';
import type { Clock } from '../../src/platform/clock.js';

/** One request the receiver got, and what both libraries made of it. */
export interface ReceivedHit {
  svixId: string;
  svixTimestamp: number;
  svixSignature: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The event as `svix` verified it (undefined when it refused). */
  event: { type: string; data: any; instance_id: string; timestamp: number } | undefined;
  /** Why a library refused it, if one did. */
  refused: string | undefined;
}

export interface ReceiverAnswer {
  status: number;
  body?: string;
  /** Never answer (the sender's timeout ends the attempt). */
  hang?: boolean;
  /** Answer this much later (an attempt in flight while a test stops the server). */
  delayMs?: number;
}

export interface ReceiverOptions {
  /** The endpoint's current secret: every request must verify with it in both libraries. */
  secret?: string;
  /**
   * The sender's clock: the libraries check `svix-timestamp` against the time, so a test
   * that moved the server's clock verifies at that time (tolerance 5 min either way).
   */
  clock?: Clock;
  /** How to answer each request (default 204). */
  answer?: (hit: ReceivedHit) => ReceiverAnswer;
}

/**
 * Runs `verify` with `Date.now` answering `at` when the clock is far from the real time:
 * both libraries read `Date.now` for their timestamp tolerance and take no clock.
 */
async function atTime<T>(at: number | undefined, verify: () => Promise<T> | T): Promise<T> {
  if (at === undefined || Math.abs(at - Date.now()) < 60_000) return verify();
  const realNow = Date.now;
  Date.now = () => at;
  try {
    return await verify();
  } finally {
    Date.now = realNow;
  }
}

/** Verifies a hit with `secret` through both libraries; throws what either refused. */
export async function verifyHit(hit: ReceivedHit, secret: string, at?: number): Promise<unknown> {
  const headers = {
    'svix-id': hit.svixId,
    'svix-timestamp': String(hit.svixTimestamp),
    'svix-signature': hit.svixSignature,
  };
  return atTime(at, async () => {
    const event = new Webhook(secret).verify(hit.body, headers);
    const request = new Request('http://receiver.test/webhooks', {
      method: 'POST',
      headers,
      body: hit.body,
    });
    await verifyWebhook(request, { signingSecret: secret });
    return event;
  });
}

/**
 * A webhook receiver on 127.0.0.1: a real HTTP server that verifies every request with
 * `svix`'s `Webhook.verify` and `@clerk/backend`'s `verifyWebhook`, records it, and answers
 * as told (204 by default; 400 when a library refused the request).
 */
export class Receiver {
  readonly hits: ReceivedHit[] = [];
  /** The endpoint's secret (set once the endpoint exists, before anything is sent to it). */
  secret: string;
  private readonly server: http.Server;
  private readonly hanging = new Set<http.ServerResponse>();
  url = '';

  constructor(private readonly options: ReceiverOptions) {
    this.secret = options.secret ?? '';
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => void this.handle(req, res, Buffer.concat(chunks).toString('utf8')));
    });
  }

  static async start(options: ReceiverOptions): Promise<Receiver> {
    const receiver = new Receiver(options);
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.server.address() as AddressInfo;
    receiver.url = `http://127.0.0.1:${port}/webhooks`;
    return receiver;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse, body: string) {
    const hit: ReceivedHit = {
      svixId: String(req.headers['svix-id'] ?? ''),
      svixTimestamp: Number(req.headers['svix-timestamp']),
      svixSignature: String(req.headers['svix-signature'] ?? ''),
      headers: req.headers,
      body,
      event: undefined,
      refused: undefined,
    };
    try {
      hit.event = (await verifyHit(hit, this.secret, this.options.clock?.now())) as any;
    } catch (error) {
      hit.refused = String(error);
    }
    this.hits.push(hit);
    const answer = hit.refused
      ? { status: 400, body: hit.refused }
      : (this.options.answer?.(hit) ?? { status: 204 });
    if (answer.hang) {
      this.hanging.add(res);
      return;
    }
    if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    res.writeHead(answer.status, { 'content-type': 'text/plain' });
    res.end(answer.body ?? '');
  }

  /** The event types received, in order. */
  types(): string[] {
    return this.hits.map((hit) => hit.event?.type ?? '?');
  }

  /** Waits until `condition` holds (polled), failing after `timeoutMs`. */
  async waitFor(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline)
        throw new Error(`receiver: condition not met (${this.hits.length} hits)`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
