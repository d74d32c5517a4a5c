import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { FastifyInstance } from 'fastify';
import { systemClock } from '../src/platform/clock.js';
import type { Scope } from '../src/platform/scope.js';

/** A user and an active session on the server's default instance, and a scope on it. */
export async function benchScope(
  app: FastifyInstance,
): Promise<{ scope: Scope; sessionId: string }> {
  const { database, secrets, files, transport, bootstrap } = app.castellan;
  const secretKey = bootstrap.generatedSecretKey;
  if (!secretKey) throw new Error('the bench server must generate its secret key');
  const headers = { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' };
  const user = await app.inject({
    method: 'POST',
    url: '/v1/users',
    headers,
    payload: {
      email_address: [`bench-${randomBytes(4).toString('hex')}@example.com`],
      skip_password_requirement: true,
    },
  });
  const session = await app.inject({
    method: 'POST',
    url: '/v1/sessions',
    headers,
    payload: { user_id: user.json<{ id: string }>().id },
  });
  const scope: Scope = {
    db: database.db,
    dialect: database.adapter,
    secrets,
    clock: systemClock,
    instanceId: bootstrap.instance.id,
    instance: bootstrap.instance,
    request: undefined,
    files,
    transport,
    baseUrl: 'http://127.0.0.1',
  };
  return { scope, sessionId: session.json<{ id: string }>().id };
}

export interface ServerChild {
  pid: number;
  info: { origin: string; secretKey: string; sessionId: string };
  stop(): Promise<void>;
}

/** Starts `session-token-server.ts` in a child process and waits for its JSON line. */
export async function startServerChild(): Promise<ServerChild> {
  const script = path.join(import.meta.dirname, 'session-token-server.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return {
    pid: child.pid!,
    info: JSON.parse(first) as ServerChild['info'],
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
