import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * `img_` + 27 base62 characters from 160 random bits. An image is served to anyone who
 * knows its URL (it goes into `<img src>`), so its ID must not be guessable, not even from
 * a neighbour's: unlike `generateId`, nothing in it is a time or a counter.
 */
export function generateImageId(): string {
  let n = BigInt(`0x${randomBytes(20).toString('hex')}`);
  const out: string[] = [];
  for (let i = 0; i < 27; i++) {
    out.push(ALPHABET[Number(n % 62n)]!);
    n /= 62n;
  }
  return `img_${out.join('')}`;
}

export const IMAGE_ID = /^img_[0-9A-Za-z]{27}$/;
