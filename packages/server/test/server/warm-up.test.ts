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

  it('runs each step only once the real server has no request in flight', async () => {
    let busy = true;
    let waits = 0;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const warming = warmUp({
      idle: async () => {
        waits += 1;
        if (busy) await released;
      },
    });
    // Nothing runs while the real server is busy: the warm-up waits before its first step.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(waits).toBe(1);
    busy = false;
    release();
    const steps = await warming;
    // Once before the throwaway server starts, then once before each request.
    expect(waits).toBe(steps.length + 1);
  });
});
