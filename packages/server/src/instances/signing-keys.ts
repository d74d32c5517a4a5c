import { createPrivateKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { generateId } from '../ids/generate-id.js';
import { isSealed, type SecretBox, type SecretLocation } from '../secrets/secret-box.js';
import type { SigningKeyRow } from './instance-store.js';

const generateKeyPairAsync = promisify(generateKeyPair);

function locationOf(kid: string): SecretLocation {
  return { table: 'signing_keys', column: 'private_key_pem', rowId: kid };
}

/**
 * A new RS256 key pair for an instance's session tokens. The private key is stored sealed
 * (ADR 0003): a copy of the database alone cannot mint tokens. The public half is stored
 * as a JWK in clear, for `GET /v1/jwks`.
 */
export async function generateSigningKey(
  secrets: SecretBox,
  instanceId: string,
  nowMs: number,
): Promise<SigningKeyRow & { public_jwk: string }> {
  const { privateKey, publicKey } = await generateKeyPairAsync('rsa', { modulusLength: 2048 });
  const kid = generateId('key', nowMs);
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return {
    kid,
    instance_id: instanceId,
    algorithm: 'RS256',
    private_key_pem: secrets.seal(pem, locationOf(kid)),
    public_jwk: JSON.stringify(publicKey.export({ format: 'jwk' })),
    active: true,
    created_at: nowMs,
  };
}

/**
 * The private key of a stored signing key. A PEM an earlier version stored in clear is
 * read as is (the next start seals it); anything else must open under the configured keys.
 */
export function openSigningKey(
  secrets: SecretBox,
  row: Pick<SigningKeyRow, 'kid' | 'private_key_pem'>,
): KeyObject {
  const pem = isSealed(row.private_key_pem)
    ? secrets.open(row.private_key_pem, locationOf(row.kid))
    : row.private_key_pem;
  return createPrivateKey(pem);
}
