/** The image formats a profile image may be, by their first bytes (magic numbers). */
const SIGNATURES: readonly { type: string; matches(head: Buffer): boolean }[] = [
  {
    type: 'image/png',
    matches: (h) =>
      h.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  { type: 'image/jpeg', matches: (h) => h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff },
  {
    type: 'image/gif',
    matches: (h) => ['GIF87a', 'GIF89a'].includes(h.subarray(0, 6).toString('latin1')),
  },
  {
    type: 'image/webp',
    matches: (h) =>
      h.subarray(0, 4).toString('latin1') === 'RIFF' &&
      h.subarray(8, 12).toString('latin1') === 'WEBP',
  },
];

/** Bytes needed to tell the formats apart (WebP's `RIFF....WEBP` is the longest). */
export const IMAGE_HEAD_BYTES = 12;

/**
 * The content type of an image from its first bytes, or `undefined` when they are not a
 * PNG, JPEG, GIF or WebP. The bytes decide, never the client's file name or Content-Type:
 * the served Content-Type comes from here, so a script uploaded as `x.png` is refused.
 */
export function sniffImageType(head: Buffer): string | undefined {
  if (head.length < IMAGE_HEAD_BYTES) return undefined;
  return SIGNATURES.find((s) => s.matches(head))?.type;
}
