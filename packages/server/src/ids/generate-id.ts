import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ID_LENGTH = 27;
/** KSUID epoch (2014-05-13T16:53:20Z), so 4 bytes of seconds last until 2150. */
const EPOCH_SECONDS = 1_400_000_000;
const PAYLOAD_BITS = 128n;
const PAYLOAD_MAX = (1n << PAYLOAD_BITS) - 1n;

/** The last ID of each prefix generated in this process: its millisecond and payload. */
const lastByPrefix = new Map<string, { ms: number; payload: bigint }>();

function randomPayload(ms: number): bigint {
  // 2 bytes of the millisecond within the second, then 14 random bytes: IDs of different
  // milliseconds sort by time even across processes.
  const bytes = Buffer.alloc(16);
  bytes.writeUInt16BE(((ms % 1000) + 1000) % 1000, 0);
  randomBytes(14).copy(bytes, 2);
  return BigInt('0x' + bytes.toString('hex'));
}

/**
 * A time-ordered ID: `<prefix>_` + 27 base62 characters encoding 4 bytes of seconds and a
 * 16-byte payload (KSUID layout). The payload starts with the millisecond, and IDs made in
 * the same millisecond with the same prefix by this process count up from the previous one (as monotonic ULIDs
 * do), so rows created in the same millisecond still have a defined order: the order they
 * were created in. Fixed-width base62 of a big-endian number sorts like the number.
 */
export function generateId(prefix: string, nowMs: number = Date.now()): string {
  const ms = Math.floor(nowMs);
  const last = lastByPrefix.get(prefix);
  let payload: bigint;
  if (last && ms === last.ms && last.payload < PAYLOAD_MAX) {
    // Count up by a random step (keeps IDs unguessable from their neighbours).
    const step = BigInt(randomBytes(4).readUInt32BE(0)) + 1n;
    payload = last.payload + step > PAYLOAD_MAX ? last.payload + 1n : last.payload + step;
  } else {
    payload = randomPayload(ms);
  }
  lastByPrefix.set(prefix, { ms, payload });
  const seconds = BigInt(Math.max(0, Math.floor(ms / 1000) - EPOCH_SECONDS) >>> 0);
  let n = (seconds << PAYLOAD_BITS) | payload;
  const out: string[] = new Array(ID_LENGTH);
  for (let i = ID_LENGTH - 1; i >= 0; i--) {
    out[i] = ALPHABET[Number(n % 62n)]!;
    n /= 62n;
  }
  return `${prefix}_${out.join('')}`;
}
