import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from '../../src/app.js';
import { Api } from '../helpers/api.js';
import {
  createTestDatabase,
  TEST_ENCRYPTION_KEY,
  TEST_SECRET_KEY,
  testDialects,
} from '../helpers/test-server.js';

const TIMEOUT_MS = 300;

/** A port nothing listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A "Redis" that accepts connections and never answers: every command would hang. */
async function silentServer(): Promise<{ port: number; server: Server; sockets: Socket[] }> {
  const sockets: Socket[] = [];
  const server = createTcpServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, server, sockets };
}

/**
 * Fail-open: with Redis down or silent, the limiter lets requests through (uncounted)
 * within its timeout, and never answers 500.
 */
describe.each(testDialects())('rate limits when Redis is down (%s)', (dialect) => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step().catch(() => {});
  });

  async function serverWithRedisAt(
    url: string,
  ): Promise<{ app: FastifyInstance; api: Api; warnings: () => string[] }> {
    const lines: string[] = [];
    const stream = { write: (line: string) => void lines.push(line) };
    const testDb = await createTestDatabase(dialect);
    cleanup.push(() => testDb.drop());
    cleanup.push(() => testDb.database.close());
    const app = await createServer({
      database: testDb.database,
      secretKey: TEST_SECRET_KEY,
      encryptionKey: TEST_ENCRYPTION_KEY,
      logger: { level: 'warn', stream },
      // The default instance is a development one: `all` limits it, to one request.
      rateLimits: { mode: 'all', max: 1, redisUrl: url, redisTimeoutMs: TIMEOUT_MS },
    });
    cleanup.push(() => app.close());
    const warnings = () =>
      lines
        .map((line) => JSON.parse(line) as { msg: string })
        .filter((entry) => entry.msg.includes('Redis is not answering'))
        .map((entry) => entry.msg);
    return { app, api: new Api(app, TEST_SECRET_KEY), warnings };
  }

  it('answers every request when nothing listens at REDIS_URL', async () => {
    const since = performance.now();
    const { api, warnings } = await serverWithRedisAt(`redis://127.0.0.1:${await closedPort()}`);
    for (let i = 0; i < 3; i += 1) {
      const started = performance.now();
      await api.ok('GetUserList');
      // Generous against a busy machine: without the fail-open it would hang or 500.
      expect(performance.now() - started).toBeLessThan(5_000);
    }
    // Said once (again only after 30 s), not once per request or reconnection attempt.
    const said = warnings();
    expect(said[0]).toBe('rate limits: Redis is not answering; requests are let through uncounted');
    expect(said.length).toBeLessThanOrEqual(1 + Math.floor((performance.now() - since) / 30_000));
  });

  it('answers every request when Redis accepts connections and never answers', async () => {
    const silent = await silentServer();
    cleanup.push(
      () =>
        new Promise((resolve) => {
          for (const socket of silent.sockets) socket.destroy();
          silent.server.close(resolve);
        }),
    );
    const { api } = await serverWithRedisAt(`redis://127.0.0.1:${silent.port}`);
    for (let i = 0; i < 3; i += 1) {
      const started = performance.now();
      await api.ok('GetUserList');
      expect(performance.now() - started).toBeLessThan(5_000);
    }
  });
});
