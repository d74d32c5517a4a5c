import { generateKeyPairSync, type KeyObject } from 'node:crypto';

/** A key pair for a custom template key: the PEM sent as `signing_key`, the public half to verify. */
export interface TestKeyPair {
  pem: string;
  publicKey: KeyObject;
}

function pairOf({ privateKey, publicKey }: { privateKey: KeyObject; publicKey: KeyObject }) {
  return { pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKey };
}

const made = new Map<string, TestKeyPair>();

/** Key pairs by kind, made once per worker (RSA generation is slow). */
export function testKeyPair(
  kind: 'rsa2048' | 'rsa1024' | 'p256' | 'p384' | 'p521' | 'ed25519',
): TestKeyPair {
  let pair = made.get(kind);
  if (!pair) {
    if (kind === 'rsa2048' || kind === 'rsa1024') {
      const modulusLength = kind === 'rsa2048' ? 2048 : 1024;
      pair = pairOf(generateKeyPairSync('rsa', { modulusLength }));
    } else if (kind === 'ed25519') {
      pair = pairOf(generateKeyPairSync('ed25519'));
    } else {
      const namedCurve = { p256: 'prime256v1', p384: 'secp384r1', p521: 'secp521r1' }[kind];
      pair = pairOf(generateKeyPairSync('ec', { namedCurve }));
    }
    made.set(kind, pair);
  }
  return pair;
}

/** A secret of `bytes` bytes for HS algorithms. */
export function hmacSecret(bytes: number): string {
  return 'k'.repeat(bytes);
}
