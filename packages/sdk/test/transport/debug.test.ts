import { describe, expect, it } from 'vitest';
import { redactedUrl } from '../../src/core/debug.js';
import { FAULT_KEY, faultServer, json, reset, text } from './fault-server.js';

/** A console-like logger keeping every line it is given, as text. */
function capture() {
  const lines: string[] = [];
  const record = (...args: unknown[]) =>
    lines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
  return { lines, logger: { log: record, group: record, groupEnd: () => {} } };
}

describe('debugLogger', () => {
  it('logs each request and answer, with the key and secrets redacted', async () => {
    const server = await faultServer();
    server.answer(
      text(503, 'down'),
      json(200, {
        id: 'user_1',
        password: 'hunter2-answer',
        nested: { api_token: 'tok_answer' },
        tokens: ['tok_in_list'],
        token: { value: 'tok_in_object' },
      }),
    );
    const { lines, logger } = capture();
    await server
      .client({
        debugLogger: logger,
        retryConfig: {
          strategy: 'backoff',
          backoff: { initialInterval: 1, maxInterval: 1, exponent: 1, maxElapsedTime: 60_000 },
          retryNonIdempotent: true,
        },
      })
      .users.createUser({
        first_name: 'Ada',
        password: 'hunter2-request',
        private_metadata: { client_secret: 'shh-request' },
      });
    const log = lines.join('\n');
    expect(lines.filter((l) => l.startsWith(`> POST ${server.url}/users`))).toHaveLength(2);
    expect(lines.some((l) => l.startsWith(`< 503 POST ${server.url}/users`))).toBe(true);
    expect(lines.some((l) => l.startsWith(`< 200 POST ${server.url}/users`))).toBe(true);
    expect(log).toContain('"first_name":"Ada"');
    expect(log).toContain('"authorization":"Bearer [REDACTED]"');
    for (const secret of [
      FAULT_KEY,
      'hunter2-request',
      'shh-request',
      'hunter2-answer',
      'tok_answer',
      'tok_in_list',
      'tok_in_object',
    ]) {
      expect(log).not.toContain(secret);
    }
    // The server itself got the real values.
    expect(server.seen[0]!.headers.authorization).toBe(`Bearer ${FAULT_KEY}`);
    expect(String(await server.seen[0]!.body)).toContain('hunter2-request');
  });

  it('redacts a key given as a function and in per-call headers', async () => {
    const server = await faultServer();
    const { lines, logger } = capture();
    await server
      .client({ debugLogger: logger, bearerAuth: async () => FAULT_KEY })
      .users.getUserList(
        {},
        { headers: { cookie: `session=${FAULT_KEY}`, 'x-api-key': FAULT_KEY } },
      );
    const log = lines.join('\n');
    expect(log).toContain('> GET');
    expect(log).not.toContain(FAULT_KEY);
  });

  it('logs with only log() (group is optional)', async () => {
    const server = await faultServer();
    const lines: unknown[][] = [];
    await server.client({ debugLogger: { log: (...a) => lines.push(a) } }).users.getUserList({});
    expect(JSON.stringify(lines)).toContain('[REDACTED]');
    expect(JSON.stringify(lines)).not.toContain(FAULT_KEY);
  });

  it('logs an attempt that got no answer, and the retry after it', async () => {
    const server = await faultServer();
    server.answer(reset);
    const { lines, logger } = capture();
    await server
      .client({
        debugLogger: logger,
        retryConfig: {
          strategy: 'backoff',
          backoff: { initialInterval: 1, maxInterval: 1, exponent: 1, maxElapsedTime: 60_000 },
          retryConnectionErrors: true,
        },
      })
      .users.getUserList({});
    expect(lines.filter((l) => /^[<>x] /.test(l)).map((l) => l.split(' (')[0])).toEqual([
      `> GET ${server.url}/users`,
      `x GET ${server.url}/users`,
      `> GET ${server.url}/users`,
      `< 200 GET ${server.url}/users`,
    ]);
    expect(lines.find((l) => l.startsWith('x '))).toMatch(/ConnectionError: could not reach/);
  });

  it('redacts secret-looking query parameters', () => {
    const url = redactedUrl('https://x.test/v1/a?token=abc&limit=2&client_secret=def');
    expect(url).toBe(
      'https://x.test/v1/a?token=%5BREDACTED%5D&limit=2&client_secret=%5BREDACTED%5D',
    );
  });
});
