import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { apiErrors } from '../errors/api-errors.js';
import type { RateLimiter, Verdict } from './rate-limiter.js';

/**
 * Counts every request the secret-key hook resolved to an instance (register it after that
 * hook, in the same scope) and refuses one over its budget with 429 `too_many_requests`
 * and `Retry-After`. Public operations (no key, no instance) are not counted.
 */
export function registerRateLimits(app: FastifyInstance, limiter: RateLimiter | undefined): void {
  if (limiter === undefined) return;
  app.addHook(
    'onRequest',
    (request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => {
      const scope = request.scope;
      // Development instances (by default) cost one lookup, nothing more.
      if (!scope || !limiter.limits(scope.instance.environment)) return done();
      const verdict = limiter.check(
        scope.instance.environment,
        scope.instanceId,
        request.routeOptions.config.operationId,
        request.params,
        scope.clock.now(),
      );
      const answer = (over: Verdict) => {
        if (over === undefined) return done();
        reply.header('retry-after', String(over.retryAfterSeconds));
        done(apiErrors.tooManyRequests(over.budget, over.retryAfterSeconds));
      };
      if (verdict instanceof Promise) verdict.then(answer, done);
      else answer(verdict);
    },
  );
}
