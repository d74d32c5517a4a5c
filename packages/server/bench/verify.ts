import { deepStrictEqual } from 'node:assert/strict';
import { DEFAULT_USER_LOCKOUT } from '../src/instances/instance-settings.js';
import { userRowToUser } from '../src/users/user-mapper.js';
import { seedUserAt, userIdOf } from './seed-rows.js';

async function getJson(origin: string, path: string, headers: Record<string, string>) {
  const res = await fetch(`${origin}${path}`, { headers });
  const body: unknown = await res.json();
  if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

/**
 * Checks a seeded database through the running server: the count is `n`, and a few users
 * (first, middle, last) come back from `GET /v1/users/{id}` exactly as `userRowToUser`
 * maps their seed rows. Returns the middle user's JSON (the baseline serves it).
 */
export async function verifySeedThroughServer(
  origin: string,
  headers: Record<string, string>,
  n: number,
): Promise<unknown> {
  const count = (await getJson(origin, '/v1/users/count', headers)) as { total_count: number };
  if (count.total_count !== n)
    throw new Error(`GetUsersCount says ${count.total_count}, expected ${n}`);
  const middle = Math.floor(n / 2);
  let middleJson: unknown;
  for (const i of [0, middle, n - 1]) {
    const body = await getJson(origin, `/v1/users/${userIdOf(i, n)}`, headers);
    const expected: unknown = JSON.parse(
      JSON.stringify(
        userRowToUser(seedUserAt(i, n, '', null).user, {
          now: Date.now(),
          settings: DEFAULT_USER_LOCKOUT,
        }),
      ),
    );
    deepStrictEqual(body, expected, `GET /v1/users/<user ${i}> differs from its seed rows`);
    if (i === middle) middleJson = body;
  }
  const byEmail = await getJson(
    origin,
    `/v1/users?email_address=user${middle}%40example.com`,
    headers,
  );
  deepStrictEqual(
    byEmail,
    [middleJson],
    'GetUserList email_address= does not find the seeded user',
  );
  return middleJson;
}
