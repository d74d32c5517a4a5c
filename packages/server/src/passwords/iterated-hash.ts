import { Worker } from 'node:worker_threads';

/**
 * Runs `rounds` iterations of `digest = H(digest ‖ suffix)` starting from `H(first)`, as
 * legacy schemes do (phpass, Symfony's message digest). node:crypto has no async form
 * of that, and even in slices on the event loop 2^16 MD5 rounds take ~0.2 s of it, so
 * the loop runs in a worker thread. The worker's source is inline (not a file) so the
 * same code runs from TypeScript sources under tsx and from the esbuild bundle.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { hash } = require('node:crypto');
parentPort.on('message', ({ id, algorithm, first, suffix, rounds }) => {
  try {
    let digest = hash(algorithm, first, 'buffer');
    const input = Buffer.alloc(digest.length + suffix.length);
    input.set(suffix, digest.length);
    for (let round = 0; round < rounds; round++) {
      input.set(digest, 0);
      digest = hash(algorithm, input, 'buffer');
    }
    parentPort.postMessage({ id, digest });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error) });
  }
});
`;

/** Two workers: hashing runs beside the event loop on a 2-core machine without queueing one sign-in behind another. */
const MAX_WORKERS = 2;

interface Pending {
  resolve: (digest: Buffer) => void;
  reject: (error: Error) => void;
}

interface HashWorker {
  worker: Worker;
  pending: Map<number, Pending>;
}

const workers: HashWorker[] = [];
let nextId = 0;

function startWorker(): HashWorker {
  const entry: HashWorker = {
    worker: new Worker(WORKER_SOURCE, { eval: true }),
    pending: new Map(),
  };
  const fail = (error: Error) => {
    const index = workers.indexOf(entry);
    if (index >= 0) workers.splice(index, 1);
    for (const { reject } of entry.pending.values()) reject(error);
    entry.pending.clear();
  };
  entry.worker.on('message', (message: { id: number; digest?: Uint8Array; error?: string }) => {
    const task = entry.pending.get(message.id);
    entry.pending.delete(message.id);
    // An idle worker must not keep the process alive; a busy one must.
    if (entry.pending.size === 0) entry.worker.unref();
    if (!task) return;
    if (message.digest) task.resolve(Buffer.from(message.digest));
    else task.reject(new Error(`iterated hash failed: ${message.error}`));
  });
  entry.worker.on('error', fail);
  entry.worker.on('exit', (code) => fail(new Error(`hash worker exited with code ${code}`)));
  workers.push(entry);
  return entry;
}

/** The least busy worker, starting one while fewer than MAX_WORKERS run and all are busy. */
function pickWorker(): HashWorker {
  const idle = workers.find((w) => w.pending.size === 0);
  if (idle) return idle;
  if (workers.length < MAX_WORKERS) return startWorker();
  return workers.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
}

export function iterateHash(
  algorithm: 'md5' | 'sha512',
  first: Buffer,
  suffix: Buffer,
  rounds: number,
): Promise<Buffer> {
  const entry = pickWorker();
  const id = nextId++;
  return new Promise<Buffer>((resolve, reject) => {
    entry.pending.set(id, { resolve, reject });
    entry.worker.ref();
    entry.worker.postMessage({ id, algorithm, first, suffix, rounds });
  });
}
