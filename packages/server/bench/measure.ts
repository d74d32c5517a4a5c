import autocannon from 'autocannon';

export interface Load {
  /** Origin, e.g. `http://127.0.0.1:3210`. */
  origin: string;
  /** The path of the next request (called once per request, so paths can rotate). */
  nextPath: () => string;
  /** The JSON body of the next request, which is then a POST. */
  nextBody?: (() => string) | undefined;
  headers: Record<string, string>;
  connections: number;
  /**
   * A cheap path of the same server. autocannon stops without waiting for the requests in
   * flight; the server still works through them, so each run ends by fetching this (served
   * after that backlog) before the next run starts.
   */
  drainPath: string;
}

export interface Measurement {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/** Latencies as autocannon reports them per response (float ms; its histogram keeps whole ms). */
class Latencies {
  private values = new Float64Array(1 << 16);
  length = 0;
  push(ms: number) {
    if (this.length === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = ms;
  }
  percentile(p: number): number {
    if (this.length === 0) return NaN;
    const sorted = this.values.slice(0, this.length).sort();
    return sorted[Math.min(this.length - 1, Math.floor((p / 100) * this.length))]!;
  }
}

async function run(load: Load, seconds: number, latencies?: Latencies) {
  return new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: load.origin,
        connections: load.connections,
        duration: seconds,
        headers: load.headers,
        requests: [
          load.nextBody
            ? {
                method: 'POST',
                setupRequest: (request) => ({
                  ...request,
                  path: load.nextPath(),
                  headers: { ...request.headers, 'content-type': 'application/json' },
                  body: load.nextBody!(),
                }),
              }
            : {
                method: 'GET',
                setupRequest: (request) => ({ ...request, path: load.nextPath() }),
              },
        ],
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    if (latencies) instance.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
  });
}

/** Warms up for `warmupSeconds` (discarded), then measures for `seconds`. */
export async function measure(
  load: Load,
  seconds: number,
  warmupSeconds: number,
  onMeasureStart?: () => void,
): Promise<Measurement> {
  const drain = async () => void (await (await fetch(`${load.origin}${load.drainPath}`)).text());
  if (warmupSeconds > 0) await run(load, warmupSeconds);
  await drain();
  onMeasureStart?.();
  const latencies = new Latencies();
  const result = await run(load, seconds, latencies);
  await drain();
  return {
    requests: latencies.length,
    rps: latencies.length / result.duration,
    p50: latencies.percentile(50),
    p99: latencies.percentile(99),
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

/**
 * bcrypt alone: `hash` at the server's cost, kept busy on every core (two jobs per core on
 * the thread pool) for `seconds` after `warmupSeconds`. req/s is hashes per second.
 */
export async function measureBcrypt(
  cost: number,
  seconds: number,
  warmupSeconds: number,
  onMeasureStart?: () => void,
): Promise<Measurement> {
  const { hash } = await import('@node-rs/bcrypt');
  const { availableParallelism } = await import('node:os');
  const run = async (ms: number, latencies?: Latencies) => {
    const until = performance.now() + ms;
    const worker = async () => {
      while (performance.now() < until) {
        const started = performance.now();
        await hash('Castellan-bench-password-1', cost);
        latencies?.push(performance.now() - started);
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: 2 * availableParallelism() }, worker));
    return (performance.now() - started) / 1000;
  };
  if (warmupSeconds > 0) await run(warmupSeconds * 1000);
  onMeasureStart?.();
  const latencies = new Latencies();
  const elapsed = await run(seconds * 1000, latencies);
  return {
    requests: latencies.length,
    rps: latencies.length / elapsed,
    p50: latencies.percentile(50),
    p99: latencies.percentile(99),
    errors: 0,
    non2xx: 0,
  };
}
