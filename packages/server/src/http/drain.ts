import { EventEmitter, once } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';

/** Counts the requests being handled, so a shutdown can wait for them. */
export class InFlightRequests {
  #count = 0;
  readonly #events = new EventEmitter();

  get count(): number {
    return this.#count;
  }

  /** Counts a request until its response closes (sent, or its connection gone). */
  track(response: ServerResponse): void {
    this.#count += 1;
    response.once('close', () => {
      this.#count -= 1;
      if (this.#count === 0) this.#events.emit('idle');
    });
  }

  /** Resolves when no request is in flight. */
  async idle(): Promise<void> {
    if (this.#count > 0) await once(this.#events, 'idle');
  }
}

/** Counts every request from its arrival until its response closes. */
export function trackInFlightRequests(app: FastifyInstance): InFlightRequests {
  const inFlight = new InFlightRequests();
  app.addHook('onRequest', async (_request, reply) => inFlight.track(reply.raw));
  return inFlight;
}

/**
 * Stops accepting connections, closes idle keep-alive ones, and resolves once every request
 * in flight has been answered (their responses say `Connection: close`, see app.ts), or
 * after `timeoutMs`, when the remaining connections are cut. Node's `server.close()`
 * callback does not wait for requests in flight, so the requests are counted.
 */
export async function drainRequests(
  app: FastifyInstance,
  inFlight: InFlightRequests,
  timeoutMs: number,
): Promise<'drained' | 'timeout'> {
  app.server.close();
  app.server.closeIdleConnections();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const outcome = await Promise.race([inFlight.idle().then(() => 'drained' as const), timeout]);
  clearTimeout(timer);
  if (outcome === 'timeout') app.server.closeAllConnections();
  return outcome;
}
