import type { FastifyBaseLogger } from 'fastify';
import type { CounterStore, Hit } from './counter-store.js';
import { createMemoryCounters } from './memory-counters.js';
import type { RateLimitOptions } from './rate-limit-config.js';
import { createRedisCounters } from './redis-counters.js';
import {
  CLERK_GENERAL_LIMITS,
  OPERATION_RULES,
  UNLIMITED_OPERATIONS,
  type Environment,
  type Limit,
} from './rate-limit-rules.js';

/** A request over a limit: which budget, and in how many seconds it comes back. */
export interface Limited {
  budget: string;
  retryAfterSeconds: number;
}

export type Verdict = Limited | undefined;

export interface RateLimiter {
  /** Whether instances of this environment are limited at all (else nothing is counted). */
  limits(environment: Environment): boolean;
  /** Counts one request of an instance; `Limited` when it is over a budget. */
  check(
    environment: Environment,
    instanceId: string,
    operationId: string | undefined,
    params: unknown,
    now: number,
  ): Verdict | Promise<Verdict>;
  ready(): Promise<void>;
  close(): Promise<void>;
}

const DEFAULT_REDIS_PREFIX = 'castellan:rate-limit:';

/** The limiter the options ask for, or `undefined` when nothing is limited (`mode: 'off'`). */
export function createRateLimiter(
  options: RateLimitOptions,
  log: FastifyBaseLogger,
): RateLimiter | undefined {
  const mode = options.mode ?? 'production';
  if (mode === 'off') return undefined;
  const general = (environment: Environment): Limit => ({
    max: options.max ?? CLERK_GENERAL_LIMITS[environment].max,
    windowMs: options.windowMs ?? CLERK_GENERAL_LIMITS[environment].windowMs,
  });
  const limits: Record<Environment, Limit | undefined> = {
    production: general('production'),
    development: mode === 'all' ? general('development') : undefined,
  };
  const store: CounterStore = options.redisUrl
    ? createRedisCounters({
        url: options.redisUrl,
        prefix: options.redisPrefix ?? DEFAULT_REDIS_PREFIX,
        timeoutMs: options.redisTimeoutMs ?? 500,
        log,
      })
    : createMemoryCounters(options.memoryCounters);

  const verdictOf = (hit: Hit | undefined, max: number, budget: string, now: number): Verdict =>
    hit === undefined || hit.count <= max
      ? undefined
      : { budget, retryAfterSeconds: Math.max(1, Math.ceil((hit.resetAt - now) / 1000)) };

  return {
    limits: (environment) => limits[environment] !== undefined,
    check(environment, instanceId, operationId, params, now) {
      const limit = limits[environment];
      if (limit === undefined || (operationId && UNLIMITED_OPERATIONS.has(operationId))) return;
      const rule = operationId ? OPERATION_RULES.get(operationId) : undefined;
      const afterGeneral = (hit: Hit | undefined): Verdict | Promise<Verdict> => {
        const over = verdictOf(hit, limit.max, 'the Backend API', now);
        if (over || rule === undefined) return over;
        const param = rule.perParam
          ? String((params as Record<string, unknown>)[rule.perParam] ?? '')
          : '';
        const key = `${instanceId}:${rule.budget}:${param}`;
        const ruleHit = store.hit(key, rule.windowMs, now);
        return ruleHit instanceof Promise
          ? ruleHit.then((h) => verdictOf(h, rule.max, rule.budget, now))
          : verdictOf(ruleHit, rule.max, rule.budget, now);
      };
      // The general budget is the instance's alone: its key is the instance ID.
      const hit = store.hit(instanceId, limit.windowMs, now);
      return hit instanceof Promise ? hit.then(afterGeneral) : afterGeneral(hit);
    },
    ready: () => store.ready(),
    close: () => store.close(),
  };
}
