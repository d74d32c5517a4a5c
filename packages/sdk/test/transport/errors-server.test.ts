import { beforeAll, describe, expect, it } from 'vitest';
import { CastellanError, ClerkErrors } from '../../src/index.js';
import { testDialects } from '../../../server/test/helpers/test-server.js';
import { useSdk, type SdkSuite } from '../sdk-helpers.js';

async function failureOf(promise: Promise<unknown>): Promise<ClerkErrors> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ClerkErrors);
  expect(err).toBeInstanceOf(CastellanError);
  return err as ClerkErrors;
}

describe.each(testDialects())('Castellan errors through the SDK (%s)', (dialect) => {
  let suite: SdkSuite;
  beforeAll(async () => {
    suite = await useSdk(dialect);
  });

  it('404: the trace id of the envelope and of the header agree', async () => {
    const err = await failureOf(suite.sdk.users.getUser({ user_id: 'user_missing' }));
    expect(err.statusCode).toBe(404);
    expect(err.data.errors[0]!.code).toBe('resource_not_found');
    expect(err.clerkTraceId).toBeTruthy();
    expect(err.clerkTraceId).toBe(err.headers.get('x-clerk-trace-id'));
    expect(JSON.parse(err.body)).toMatchObject({ clerk_trace_id: err.clerkTraceId });
  });

  it('401 for a wrong key', async () => {
    const err = await failureOf(
      suite.client({ bearerAuth: 'sk_test_wrong' }).users.getUserList({}),
    );
    expect(err.statusCode).toBe(401);
    expect(err.data.errors.length).toBeGreaterThan(0);
  });

  it('422 for an invalid parameter, with its meta', async () => {
    const err = await failureOf(suite.sdk.users.getUserList({ limit: 100_000 }));
    expect(err.statusCode).toBe(422);
    expect(err.data.errors[0]!.meta).toBeDefined();
  });
});
