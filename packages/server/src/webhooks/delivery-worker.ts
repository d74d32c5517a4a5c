import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/database.js';
import type { OutboundOptions } from '../outbound/outbound-options.js';
import { onCommittedEvents } from '../outbox/outbox-signal.js';
import type { Clock } from '../platform/clock.js';
import type { SecretBox } from '../secrets/secret-box.js';
import { dispatchBatch, type DispatchContext } from './delivery-dispatcher.js';
import type { RandomSource } from './delivery-schedule.js';
import { attemptDelivery, signingSecrets, type SenderContext } from './delivery-sender.js';
import {
  claimEndpointLease,
  findSendingEndpoint,
  listDueEndpoints,
  listDueDeliveries,
  releaseEndpointLease,
} from './delivery-store.js';

/** How the webhook worker runs (`createServer({ webhooks })`, docs/webhooks.md). */
export interface WebhookWorkerOptions {
  /** How often the worker looks for other processes' events and due retries (default 1 s). */
  pollIntervalMs?: number;
  /** One attempt's whole exchange (default 15 s). */
  timeoutMs?: number;
  /** Endpoints sent to at once (default 16); each endpoint gets one attempt at a time. */
  concurrency?: number;
  /** Outbox events fanned out per transaction (default 500). */
  batchSize?: number;
  /**
   * How long a worker owns an endpoint's queue without renewing it (default 2 × timeout +
   * 5 s): a crashed worker's endpoints wait that long before another worker takes them.
   */
  leaseMs?: number;
  /** Jitter's random source (tests pass their own). */
  random?: RandomSource;
}

export interface WebhookWorkerDeps {
  database: Database;
  secrets: SecretBox;
  clock: Clock;
  outbound: OutboundOptions;
  log: FastifyBaseLogger;
}

/** Attempts one endpoint gets per turn before its lease goes back (so a busy one cannot hog a slot). */
const ATTEMPTS_PER_TURN = 200;
/** Due deliveries read at once (with the endpoint, re-read between batches). */
const BATCH = 50;
/** What a lease must still have, beyond one attempt's timeout, to start an attempt under it. */
const LEASE_MARGIN_MS = 5_000;

/**
 * The webhook worker: a dispatcher that fans committed outbox events out to endpoints, and
 * senders that POST each endpoint's due deliveries, one at a time per endpoint and up to
 * `concurrency` endpoints at once. A commit in this process wakes it; a poll catches the
 * rest (other processes' writes, retries coming due).
 */
export class WebhookWorker {
  /** This worker's name on the endpoint leases it holds. */
  readonly owner = `wkr_${randomBytes(9).toString('base64url')}`;
  private readonly sending = new Map<string, Promise<unknown>>();
  private ticking: Promise<void> | undefined;
  private again = false;
  private running = false;
  private stopped = false;
  /** Events fanned out plus attempts made, ever: `drain` stops when a pass adds none. */
  private progress = 0;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly dispatch: DispatchContext;
  private readonly sender: SenderContext;
  private readonly pollIntervalMs: number;
  private readonly concurrency: number;
  private readonly leaseMs: number;

  constructor(
    private readonly deps: WebhookWorkerDeps,
    options: WebhookWorkerOptions = {},
  ) {
    const timeoutMs = options.timeoutMs ?? 15_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.concurrency = options.concurrency ?? 16;
    // Renewed before each attempt: it must outlast one attempt and its record.
    this.leaseMs = options.leaseMs ?? 2 * timeoutMs + 5_000;
    const { db, adapter } = deps.database;
    this.dispatch = {
      db,
      dialect: adapter,
      clock: deps.clock,
      batchSize: options.batchSize ?? 500,
    };
    this.sender = {
      db,
      secrets: deps.secrets,
      clock: deps.clock,
      random: options.random ?? Math.random,
      timeoutMs,
      outbound: deps.outbound,
    };
  }

  /** Starts polling and listening for this process's commits. */
  start(): void {
    if (this.running || this.stopped) return;
    this.running = true;
    this.unsubscribe = onCommittedEvents(this.deps.database.db, () => this.wake());
    this.timer = setInterval(() => this.wake(), this.pollIntervalMs);
    this.timer.unref();
    this.wake();
  }

  /**
   * Stops taking work and waits for the attempts in flight (each ends within the timeout)
   * and their records, so the database can close after it. Deliveries not attempted stay due
   * for the next start; an attempt cut by a crash is sent again (same `svix-id`).
   */
  async stop(): Promise<void> {
    this.running = false;
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
    await this.ticking;
    await Promise.allSettled([...this.sending.values()]);
  }

  /** Looks for work now (a commit happened, a retry may be due). */
  wake(): void {
    if (this.running) void this.tick();
  }

  /**
   * One pass, for tests and benchmarks: fans out every pending event and starts sending to
   * every endpoint with something due, then waits for those endpoints' turns to end.
   */
  async runOnce(): Promise<void> {
    await this.tick();
    await Promise.allSettled([...this.sending.values()]);
  }

  /** Passes until one makes no progress: nothing is due at the clock's time any more. */
  async drain(): Promise<void> {
    for (;;) {
      const before = this.progress;
      await this.runOnce();
      if (this.progress === before && this.sending.size === 0) return;
    }
  }

  /** Runs passes until no new reason for one came in meanwhile; one pass runs at a time. */
  private tick(): Promise<void> {
    if (this.ticking) {
      this.again = true;
      return this.ticking;
    }
    const run = (async () => {
      try {
        do {
          this.again = false;
          await this.step();
        } while (this.again && !this.stopped);
      } catch (error) {
        this.deps.log.error({ err: error }, 'webhook worker pass failed');
      } finally {
        this.ticking = undefined;
      }
    })();
    this.ticking = run;
    return run;
  }

  /** Fans out what is pending, then starts a turn for each endpoint with something due. */
  private async step(): Promise<void> {
    for (;;) {
      const taken = await dispatchBatch(this.dispatch);
      this.progress += taken;
      if (taken < this.dispatch.batchSize) break;
    }
    if (this.sending.size >= this.concurrency) return;
    const now = this.deps.clock.now();
    const due = await listDueEndpoints(this.dispatch.db, now, this.owner, this.concurrency);
    for (const endpointId of due) {
      if (this.sending.has(endpointId) || this.sending.size >= this.concurrency) continue;
      const turn = this.sendTurn(endpointId)
        .catch((error: unknown) => {
          this.deps.log.error({ err: error, endpointId }, 'webhook delivery failed');
          return 0;
        })
        .then((attempts) => {
          this.sending.delete(endpointId);
          // Its turn may have ended at the cap, and a slot is free for another endpoint.
          if (attempts > 0) this.wake();
        });
      this.sending.set(endpointId, turn);
    }
  }

  /**
   * One endpoint's turn under its lease: its due deliveries one at a time (replays first,
   * then by outbox id), read in batches with the endpoint; the lease is renewed whenever
   * what is left of it might not cover one more attempt.
   */
  private async sendTurn(endpointId: string): Promise<number> {
    const { db } = this.dispatch;
    const { clock } = this.deps;
    let leaseUntil = clock.now() + this.leaseMs;
    if (!(await claimEndpointLease(db, endpointId, this.owner, clock.now(), leaseUntil))) return 0;
    let attempts = 0;
    try {
      while (attempts < ATTEMPTS_PER_TURN && !this.stopped) {
        const now = clock.now();
        const endpoint = await findSendingEndpoint(db, endpointId);
        if (!endpoint || endpoint.disabled) break;
        const due = await listDueDeliveries(db, endpointId, now, BATCH);
        if (due.length === 0) break;
        const secrets = signingSecrets(this.deps.secrets, endpoint, now);
        for (const delivery of due) {
          if (this.stopped || endpoint.disabled) return attempts;
          const at = clock.now();
          if (leaseUntil - at < this.sender.timeoutMs + LEASE_MARGIN_MS) {
            leaseUntil = at + this.leaseMs;
            if (!(await claimEndpointLease(db, endpointId, this.owner, at, leaseUntil)))
              return attempts;
          }
          await attemptDelivery(this.sender, endpoint, secrets, delivery);
          attempts += 1;
          this.progress += 1;
        }
      }
    } finally {
      await releaseEndpointLease(db, endpointId, this.owner);
    }
    return attempts;
  }
}
