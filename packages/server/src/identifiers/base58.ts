/** Bitcoin's base58 alphabet, which Solana uses for addresses. */
const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** Base58 → bytes; `undefined` for a character outside the alphabet. */
export function decodeBase58(text: string): Buffer | undefined {
  let value = 0n;
  for (const char of text) {
    const digit = ALPHABET.indexOf(char);
    if (digit < 0) return undefined;
    value = value * 58n + BigInt(digit);
  }
  const body: number[] = [];
  while (value > 0n) {
    body.unshift(Number(value & 0xffn));
    value >>= 8n;
  }
  // Each leading '1' stands for one leading zero byte.
  const zeros = /^1*/.exec(text)?.[0].length ?? 0;
  return Buffer.from([...new Array<number>(zeros).fill(0), ...body]);
}
