/**
 * `node --import tsx bench/cluster-primary.ts <workers> <cli> serve …`: a `node:cluster`
 * primary that only accepts connections and hands them round-robin to `<workers>` server
 * processes (`<cli> serve …` each), all listening on the one port. SIGTERM/SIGINT is passed
 * to the workers; the primary exits once they have. The multi-node bench row (multi-node.ts).
 */
import cluster from 'node:cluster';

const [count, cli, ...args] = process.argv.slice(2);
const workers = Number(count);
if (!Number.isInteger(workers) || workers < 1 || !cli) {
  process.stderr.write('usage: cluster-primary.ts <workers> <cli> serve [options]\n');
  process.exit(2);
}
cluster.schedulingPolicy = cluster.SCHED_RR;
// The workers run the built CLI as it is, without the bench's TypeScript loader.
cluster.setupPrimary({ exec: cli, args, execArgv: [] });
let stopping = false;
let failed = false;
for (let i = 0; i < workers; i++) cluster.fork();
cluster.on('exit', (worker, code, signal) => {
  if (!stopping) {
    process.stderr.write(`worker ${worker.process.pid} exited (${code ?? signal})\n`);
    stopping = failed = true;
    for (const other of Object.values(cluster.workers ?? {})) other?.process.kill('SIGTERM');
  }
  if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(failed ? 1 : 0);
});
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.on(signal, () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  });
