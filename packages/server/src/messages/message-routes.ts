import type { FastifyInstance } from 'fastify';
import { DEFAULT_LIMIT } from '../lists/list-params.js';
import { listMessages, type MessageQuery } from './message-list.js';

/** Castellan's own endpoint (not Clerk's API), so its schemas live here, not in the contract. */
const querySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    to: { type: 'string', minLength: 1, maxLength: 320 },
    channel: { type: 'string', enum: ['email', 'sms'] },
    limit: { type: 'integer', minimum: 1, maximum: 500, default: DEFAULT_LIMIT },
    offset: { type: 'integer', minimum: 0, maximum: 1_000_000, default: 0 },
  },
} as const;

const messageSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['object', 'id', 'channel', 'slug', 'to', 'subject', 'body', 'status', 'created_at'],
  properties: {
    object: { type: 'string', enum: ['message'] },
    id: { type: 'string' },
    channel: { type: 'string', enum: ['email', 'sms'] },
    slug: { type: 'string' },
    to: { type: 'string' },
    subject: { type: ['string', 'null'] },
    body: { type: 'string' },
    user_id: { type: ['string', 'null'] },
    identification_id: { type: ['string', 'null'] },
    status: { type: 'string' },
    created_at: { type: 'integer' },
  },
} as const;

const responseSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['data', 'total_count'],
  properties: {
    data: { type: 'array', items: messageSchema },
    total_count: { type: 'integer' },
  },
} as const;

/**
 * `GET /castellan/messages`: the development inbox. Registered in a scope that has the
 * secret-key hook, so it answers only the instance's own messages.
 */
export function registerMessageRoutes(app: FastifyInstance): void {
  app.get(
    '/messages',
    { schema: { querystring: querySchema, response: { 200: responseSchema } } },
    async (request) => listMessages(request.scope, request.query as MessageQuery),
  );
}
