import { describe, expect, it } from 'vitest';
import { warmUp } from '../../src/warm-up.js';

// The warm-up (issue 6) is only worth its start-up time while every request it sends still
// takes the path a real one takes: a warm-up request that starts failing early would warm
// nothing, silently.
describe('warmUp', () => {
  it('answers each warm-up request as the API answers a real one', async () => {
    expect(await warmUp()).toEqual([
      { request: 'POST /v1/users', status: 200 },
      { request: 'GET /v1/users/{user_id}', status: 200 },
      { request: 'GET /v1/users?limit=10', status: 200 },
      {
        request: 'GET /v1/users?email_address=warm-up@example.com&query=warm&order_by=-created_at',
        status: 200,
      },
      { request: 'GET /v1/users/count', status: 200 },
      { request: 'GET /v1/users/count?query=warm', status: 200 },
      { request: 'PATCH /v1/users/{user_id}', status: 200 },
      { request: 'PATCH /v1/users/{user_id}/metadata', status: 200 },
      { request: 'GET /v1/users/{user_id}', status: 404 },
      { request: 'POST /v1/users', status: 422 },
      { request: 'DELETE /v1/users/{user_id}', status: 200 },
      { request: 'GET /v1/jwks', status: 200 },
    ]);
  });
});
