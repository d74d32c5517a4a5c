import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../../src/app.js';
import { openDatabase } from '../../src/db/database.js';
import type { FastifyInstance } from 'fastify';

/** Sends raw bytes and returns the whole answer (status line, headers, body). */
function rawRequest(port: number, request: Buffer | string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(request));
    let out = '';
    socket.on('data', (d) => (out += d));
    socket.on('close', () => resolve(out));
    socket.on('error', reject);
  });
}

function parse(answer: string) {
  const [head, body] = answer.split('\r\n\r\n');
  const status = Number(/^HTTP\/1\.1 (\d+)/.exec(head ?? '')?.[1]);
  return { status, head: head ?? '', body: JSON.parse(body ?? '{}') };
}

/** Answers the router and Node's HTTP parser shape themselves (issue 6): all in the envelope. */
describe('every answer is the Clerk envelope, even before a route runs', () => {
  let app: FastifyInstance;
  let port: number;
  const lines: Record<string, unknown>[] = [];
  beforeAll(async () => {
    app = await createServer({
      database: openDatabase({ url: ':memory:' }),
      logger: {
        level: 'info',
        stream: { write: (line: string) => void lines.push(JSON.parse(line)) },
      },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as net.AddressInfo).port;
  });
  afterAll(async () => app?.close());

  const expectEnvelope = (body: any, code: string) => {
    expect(body.errors[0].code).toBe(code);
    expect(body.clerk_trace_id).toMatch(/^[0-9a-f]{32}$/);
  };

  it('malformed percent-encoding in a path', async () => {
    const res = await app.inject({ url: '/v1/users/%FF' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toBe('application/json');
    expectEnvelope(res.json(), 'bad_request');
  });

  it('a path parameter over 256 characters', async () => {
    const res = await app.inject({ url: `/v1/users/user_${'a'.repeat(300)}` });
    expect(res.statusCode).toBe(414);
    expectEnvelope(res.json(), 'request_uri_too_long');
    // Up to the limit, an unknown ID is simply not found (after authentication).
    const fine = await app.inject({ url: `/v1/users/user_${'a'.repeat(200)}` });
    expect(fine.statusCode).toBe(401);
  });

  it('raw UTF-8 in a query string', async () => {
    const answer = await rawRequest(
      port,
      Buffer.concat([
        Buffer.from('GET /v1/users?query='),
        Buffer.from('山田', 'utf8'),
        Buffer.from(' HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
      ]),
    );
    const { status, head, body } = parse(answer);
    expect(status).toBe(400);
    expect(head).toMatch(/content-type: application\/json/i);
    expectEnvelope(body, 'bad_request');
    expect(head.toLowerCase()).toContain(`x-clerk-trace-id: ${body.clerk_trace_id}`);
    expect(lines.some((l) => l.trace_id === body.clerk_trace_id)).toBe(true);
  });

  it('headers over 16 KB', async () => {
    const answer = await rawRequest(
      port,
      `GET /v1/users HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    const { status, body } = parse(answer);
    expect(status).toBe(431);
    expectEnvelope(body, 'request_header_fields_too_large');
  });

  it('logs each request without query values', async () => {
    await app.inject({ url: '/v1/users?email_address=secret.person@example.com&limit=5' });
    const line = lines.find((l) => l.msg === 'request' && l.url === '/v1/users');
    expect(line).toMatchObject({ route: '/v1/users', query_params: ['email_address', 'limit'] });
    expect(JSON.stringify(lines)).not.toContain('secret.person');
  });
});
