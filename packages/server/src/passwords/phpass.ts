import { iterateHash } from './iterated-hash.js';
import type { ParsedDigest } from './parsed-digest.js';

/**
 * phpass's portable hash (WordPress `$P$`, phpBB `$H$`): MD5 iterated 2^n times over
 * salt and password, written in phpass's own base64 variant. Mirrors `crypt_private`
 * and `encode64` of phpass 0.5.
 */
const ITOA64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const PORTABLE = /^\$[PH]\$[./0-9A-Za-z]{31}$/;

/** `$P$` + rounds character + 8 salt characters + 22 checksum characters. */
export function parsePhpass(digest: string, prefixes: readonly string[]): ParsedDigest | undefined {
  if (!PORTABLE.test(digest) || !prefixes.includes(digest.slice(0, 3))) return undefined;
  const log2Rounds = ITOA64.indexOf(digest.charAt(3));
  // phpass itself rejects counts outside 2^7..2^30.
  if (log2Rounds < 7 || log2Rounds > 30) return undefined;
  return {
    kind: 'phpass',
    log2Rounds,
    setting: digest.slice(0, 12),
    salt: digest.slice(4, 12),
    expected: Buffer.from(digest.slice(12), 'ascii'),
  };
}

/** The 22-character checksum phpass writes for `password` under this salt and count. */
export async function phpassChecksum(
  password: string,
  salt: string,
  log2Rounds: number,
): Promise<Buffer> {
  const secret = Buffer.from(password, 'utf8');
  const first = Buffer.concat([Buffer.from(salt, 'ascii'), secret]);
  const digest = await iterateHash('md5', first, secret, 2 ** log2Rounds);
  return Buffer.from(encode64(digest), 'ascii');
}

function encode64(input: Buffer): string {
  let output = '';
  let i = 0;
  const char = (value: number): string => ITOA64.charAt(value & 0x3f);
  while (i < input.length) {
    let value = input[i++] ?? 0;
    output += char(value);
    if (i < input.length) value |= (input[i] ?? 0) << 8;
    output += char(value >> 6);
    if (i++ >= input.length) break;
    if (i < input.length) value |= (input[i] ?? 0) << 16;
    output += char(value >> 12);
    if (i++ >= input.length) break;
    output += char(value >> 18);
  }
  return output;
}
