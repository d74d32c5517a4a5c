import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ID_LENGTH = 27;
/** KSUID epoch (2014-05-13T16:53:20Z), so 4 bytes of seconds last until 2150. */
const EPOCH_SECONDS = 1_400_000_000;

/**
 * A time-ordered ID: `<prefix>_` + 27 base62 characters encoding 4 bytes of seconds and 16
 * random bytes (KSUID layout). Fixed-width base62 of a big-endian number sorts like the
 * number, so IDs sort by creation second.
 */
export function generateId(prefix: string, nowMs: number = Date.now()): string {
  const bytes = Buffer.alloc(20);
  bytes.writeUInt32BE(Math.max(0, Math.floor(nowMs / 1000) - EPOCH_SECONDS) >>> 0, 0);
  randomBytes(16).copy(bytes, 4);
  let n = BigInt('0x' + bytes.toString('hex'));
  const out: string[] = new Array(ID_LENGTH);
  for (let i = ID_LENGTH - 1; i >= 0; i--) {
    out[i] = ALPHABET[Number(n % 62n)]!;
    n /= 62n;
  }
  return `${prefix}_${out.join('')}`;
}
