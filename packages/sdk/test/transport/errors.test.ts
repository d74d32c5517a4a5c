import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  Castellan,
  CastellanError,
  ClerkErrors,
  ConnectionError,
  SDKError,
} from '../../src/index.js';
import { clerkErrors, faultServer, json, text } from './fault-server.js';

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
}

describe('error classes', () => {
  it.each([400, 401, 410, 422])(
    '%i with the envelope → ClerkErrors with its parts',
    async (status) => {
      const server = await faultServer();
      server.answer(
        clerkErrors(status, 'form_param_invalid', {
          traceId: 'trace_body',
          headers: { 'x-clerk-trace-id': 'trace_header', 'x-extra': 'yes' },
        }),
      );
      const err = (await failureOf(server.client().users.getUserList({}))) as ClerkErrors;
      expect(err).toBeInstanceOf(ClerkErrors);
      expect(err).toBeInstanceOf(CastellanError);
      expect(err).toBeInstanceOf(Error);
      expect(err.name).toBe('ClerkErrors');
      expect(err.statusCode).toBe(status);
      expect(err.data.errors).toEqual([
        {
          code: 'form_param_invalid',
          message: 'form_param_invalid message',
          long_message: 'form_param_invalid long message',
        },
      ]);
      expect(err.data.errors[0]!.code).toBe('form_param_invalid');
      // The envelope's trace id wins over the header's.
      expect(err.clerkTraceId).toBe('trace_body');
      expect(err.headers.get('x-extra')).toBe('yes');
      expect(JSON.parse(err.body)).toMatchObject({ clerk_trace_id: 'trace_body' });
      expect(err.rawResponse.status).toBe(status);
      expect(err.message).toContain('form_param_invalid long message');
    },
  );

  it('takes clerkTraceId from the x-clerk-trace-id header when the body has none', async () => {
    const server = await faultServer();
    server.answer(clerkErrors(422, 'x', { headers: { 'x-clerk-trace-id': 'trace_header' } }));
    const err = (await failureOf(server.client().users.getUserList({}))) as ClerkErrors;
    expect(err.clerkTraceId).toBe('trace_header');

    server.answer(clerkErrors(422, 'x'));
    const bare = (await failureOf(server.client().users.getUserList({}))) as ClerkErrors;
    expect(bare.clerkTraceId).toBeUndefined();
  });

  it.each([403, 404, 409, 429, 500, 503])('%i with the envelope → ClerkErrors', async (status) => {
    const server = await faultServer();
    server.answer(clerkErrors(status, 'some_code'));
    const err = (await failureOf(server.client().users.getUserList({}))) as ClerkErrors;
    expect(err).toBeInstanceOf(ClerkErrors);
    expect(err.statusCode).toBe(status);
    expect(err.data.errors[0]!.code).toBe('some_code');
  });

  it('a 5xx envelope is retried first, and the last answer is thrown', async () => {
    const server = await faultServer();
    server.answer(clerkErrors(500, 'first'), clerkErrors(502, 'second'));
    const err = (await failureOf(
      server
        .client({
          retryConfig: {
            strategy: 'backoff',
            // Waits of 50–100 then 1000–2000 ms: the second would end past maxElapsedTime.
            backoff: {
              initialInterval: 100,
              maxInterval: 2000,
              exponent: 20,
              maxElapsedTime: 1000,
            },
          },
        })
        .users.getUserList({}),
    )) as ClerkErrors;
    expect(err).toBeInstanceOf(ClerkErrors);
    expect(server.seen).toHaveLength(2);
    expect(err.statusCode).toBe(502);
    expect(err.data.errors[0]!.code).toBe('second');
  });

  it('a plain-text 500 → SDKError with status, headers and body', async () => {
    const server = await faultServer();
    server.answer(text(500, 'upstream exploded', { 'x-request-id': 'r1' }));
    const err = (await failureOf(server.client().users.getUserList({}))) as SDKError;
    expect(err).toBeInstanceOf(SDKError);
    expect(err).toBeInstanceOf(CastellanError);
    expect(err).not.toBeInstanceOf(ClerkErrors);
    expect(err.statusCode).toBe(500);
    expect(err.body).toBe('upstream exploded');
    expect(err.headers.get('x-request-id')).toBe('r1');
    expect(err.message).toContain('500');
  });

  it.each([
    ['JSON without errors', json(418, { error: 'teapot' })],
    ['errors that is not a list', json(400, { errors: 'nope' })],
    ['an empty body', text(404, '')],
  ])('%s → SDKError', async (_, answer) => {
    const server = await faultServer();
    server.answer(answer);
    const err = await failureOf(server.client().users.getUserList({}));
    expect(err).toBeInstanceOf(SDKError);
    expect(err).not.toBeInstanceOf(ClerkErrors);
  });

  it('a success that is not valid JSON → SDKError', async () => {
    const server = await faultServer();
    server.answer(text(200, '{not json', { 'content-type': 'application/json' }));
    const err = (await failureOf(server.client().users.getUserList({}))) as SDKError;
    expect(err).toBeInstanceOf(SDKError);
    expect(err.statusCode).toBe(200);
  });

  it('a refused connection → ConnectionError', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const err = await failureOf(
      new Castellan({
        serverURL: `http://127.0.0.1:${port}/v1`,
        bearerAuth: 'sk_test_x',
        retryConfig: { strategy: 'none' },
      }).users.getUserList({}),
    );
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err).toBeInstanceOf(CastellanError);
    expect((err as Error).message).toContain(`127.0.0.1:${port}`);
  });
});
