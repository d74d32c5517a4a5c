import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import type { TSchema } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operations, toFastifyPath, type OperationDefinition } from '../src/index.js';
import { userJson } from './fixtures/user-json.js';

// Registers the whole table the way the server does (see packages/server/src/http), so a
// schema Fastify's ajv or fast-json-stringify cannot take fails here first.
describe('every operation as a Fastify route', () => {
  let app: FastifyInstance;
  const seen: Record<string, unknown> = {};

  beforeAll(async () => {
    app = Fastify({ ajv: { customOptions: { removeAdditional: false } } });
    // Declared 4xx statuses serialize through ClerkErrors, which requires `errors`: Fastify's
    // own error body would fail serialization (500), so errors must be rendered as the envelope.
    app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
      const code = error.statusCode === 400 ? 'form_param_format_invalid' : 'internal_error';
      return reply.status(error.statusCode ?? 500).send({
        errors: [{ message: error.message, long_message: error.message, code }],
        clerk_trace_id: 'trace_test',
      });
    });
    const typed = app.withTypeProvider<TypeBoxTypeProvider>();
    for (const op of Object.values(operations as Record<string, OperationDefinition>)) {
      const response = Object.fromEntries(
        Object.entries(op.responses).filter(([, schema]) => schema !== null),
      ) as Record<string, TSchema>;
      typed.route({
        method: op.method,
        url: toFastifyPath(op.path),
        schema: {
          ...(op.request.params ? { params: op.request.params } : {}),
          ...(op.request.querystring ? { querystring: op.request.querystring } : {}),
          ...(op.request.body ? { body: op.request.body } : {}),
          response,
        },
        handler: async (request) => {
          seen[op.operationId] = { params: request.params, query: request.query };
          if (op.operationId === 'GetUser') return userJson();
          if (op.operationId === 'GetUserList') return [{ ...userJson(), extra: 'dropped' }];
          return {};
        },
      });
    }
    await app.ready();
  }, 120_000);
  afterAll(() => app?.close());

  it('routes, validates and coerces a query the way the spec types it', async () => {
    const res = await app.inject({ url: '/users?limit=5&email_address=a@b.c' });
    expect(res.statusCode).toBe(200);
    expect(seen.GetUserList).toEqual({
      params: {},
      query: { limit: 5, offset: 0, order_by: '-created_at', email_address: ['a@b.c'] },
    });
    // Declared fields only: fast-json-stringify drops what the schema does not list.
    expect(res.json()).toEqual([userJson()]);
    const bad = await app.inject({ url: '/users?limit=501' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ errors: [{ code: 'form_param_format_invalid' }] });
  });

  it('serializes GetUser through its response schema', async () => {
    const res = await app.inject({ url: '/users/user_123' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(userJson());
    expect(seen.GetUser).toMatchObject({ params: { user_id: 'user_123' } });
  });
});
