import { createHash } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';

/** How many hash rounds run between two yields to the event loop (well under 1 ms). */
const ROUNDS_PER_TURN = 512;

/**
 * Runs `rounds` iterations of `digest = H(digest ‖ suffix)` starting from `H(first)`.
 * Legacy schemes (phpass, Symfony's message digest) iterate a fast hash thousands of
 * times; node:crypto has no async form of that, so the loop hands the event loop back
 * every few hundred rounds instead of blocking it for the whole run.
 */
export async function iterateHash(
  algorithm: 'md5' | 'sha512',
  first: Buffer,
  suffix: Buffer,
  rounds: number,
): Promise<Buffer> {
  let digest = createHash(algorithm).update(first).digest();
  for (let round = 0; round < rounds; round++) {
    digest = createHash(algorithm).update(digest).update(suffix).digest();
    if ((round + 1) % ROUNDS_PER_TURN === 0) await nextTurn();
  }
  return digest;
}
