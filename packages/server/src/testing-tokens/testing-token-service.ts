import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ResponseBody } from '@castellan/contract';
import type { Db } from '../db/schema.js';
import { generateId } from '../ids/generate-id.js';
import type { Scope } from '../platform/scope.js';
import { runWrite } from '../platform/write.js';
import {
  deleteExpiredTestingTokens,
  findTestingTokenExpiry,
  insertTestingToken,
} from './testing-token-store.js';

export type TestingToken = ResponseBody<'CreateTestingToken', '200'>;

/** A testing token lasts an hour (the spec's example: `expires_at` = issue time + 3600 s). */
export const TESTING_TOKEN_SECONDS = 60 * 60;

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** 37 base62 characters (~220 random bits); bytes ≥ 248 are dropped so each is uniform. */
function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length)) {
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

function hashTestingToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * `POST /v1/testing_tokens`: Clerk's format, `<issued at, unix seconds>-<random>`, and
 * `expires_at` in unix seconds, as the spec's example gives them. Only the token's SHA-256
 * is stored; tokens that have expired are forgotten on the way.
 */
export async function createTestingToken(scope: Scope): Promise<TestingToken> {
  return runWrite(scope, async (tx) => {
    const issuedAt = Math.floor(tx.now / 1000);
    const token = `${issuedAt}-${randomBase62(37)}`;
    const expiresAt = issuedAt + TESTING_TOKEN_SECONDS;
    await deleteExpiredTestingTokens(tx.db, tx.instanceId, tx.now);
    await insertTestingToken(tx.db, {
      id: generateId('tt', tx.now),
      instance_id: tx.instanceId,
      token_hash: hashTestingToken(token),
      expires_at: expiresAt * 1000,
      created_at: tx.now,
    });
    return { object: 'testing_token', token, expires_at: expiresAt };
  });
}

/**
 * Whether `token` is a testing token of the instance that has not expired at `now`: what the
 * Frontend API checks on `__clerk_testing_token` before it skips bot protection.
 */
export async function isValidTestingToken(
  db: Kysely<Db>,
  instanceId: string,
  token: string,
  now: number,
): Promise<boolean> {
  if (!/^\d{1,12}-[0-9A-Za-z]{37}$/.test(token)) return false;
  const expiresAt = await findTestingTokenExpiry(db, instanceId, hashTestingToken(token));
  return expiresAt !== undefined && now < expiresAt;
}
