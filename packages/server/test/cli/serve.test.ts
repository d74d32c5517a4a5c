import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));

interface Running {
  child: ChildProcess;
  output: () => string;
  url: string;
}

/** Starts `castellan serve` on a free port and resolves once it prints its URL. */
function serve(args: string[], env: Record<string, string> = {}): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve', '--port', '0', ...args], {
    env: { ...process.env, CLERK_SECRET_KEY: '', DATABASE_URL: '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${out}`)), 20_000);
    child.stdout!.on('data', () => {
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match && /Secret key:/.test(out)) {
        clearTimeout(timer);
        resolve({ child, output: () => out, url: match[1]! });
      }
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${out}`)));
  });
}

/** Resolves once the server has printed a line matching `pattern`. */
async function waitFor(running: Running, pattern: RegExp): Promise<void> {
  while (!pattern.test(running.output())) {
    await new Promise((resolve) => running.child.stdout!.once('data', resolve));
  }
}

function stop(running: Running, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  return new Promise((resolve) => {
    running.child.once('exit', (code) => resolve(code));
    running.child.kill(signal);
  });
}

describe('castellan serve', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'castellan-cli-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints the keys, shows the secret only the first time, keeps them across restarts', async () => {
    const first = await serve(['--data-dir', dataDir]);
    const secret = /Secret key:\s+(sk_test_\w+)/.exec(first.output())?.[1];
    const publishable = /Publishable key:\s+(pk_test_\S+)/.exec(first.output())?.[1];
    expect(secret).toBeDefined();
    expect(publishable).toBeDefined();
    const res = await fetch(`${first.url}/v1/users/count`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(await res.json()).toEqual({ object: 'total_count', total_count: 0 });
    expect(await stop(first)).toBe(0);

    const second = await serve(['--data-dir', dataDir]);
    expect(second.output()).not.toContain(secret);
    expect(second.output()).toContain(publishable);
    const again = await fetch(`${second.url}/v1/users/count`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(again.status).toBe(200);
    expect(await stop(second, 'SIGINT')).toBe(0);
  });

  it('CLERK_SECRET_KEY pins the key; requests are logged without the Authorization header', async () => {
    const pinned = 'sk_test_pinnedKeyForTheCliTest0123456789';
    const running = await serve(['--data-dir', dataDir], { CLERK_SECRET_KEY: pinned });
    const res = await fetch(`${running.url}/v1/users/count`, {
      headers: { authorization: `Bearer ${pinned}` },
    });
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    const lines = running
      .output()
      .split('\n')
      .filter((l) => l.includes('"msg":"request"'));
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({ method: 'GET', url: '/v1/users/count', status: 200 });
    expect(line.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(line.duration_ms).toEqual(expect.any(Number));
    expect(running.output()).not.toContain(pinned.slice(8));
    expect(await stop(running)).toBe(0);
  });

  it('drains an in-flight request on SIGTERM before exiting', async () => {
    const key = 'sk_test_pinnedKeyForTheCliTest0123456789';
    const running = await serve(['--data-dir', dataDir], {
      CLERK_SECRET_KEY: key,
      LOG_LEVEL: 'debug',
    });
    const { port } = new URL(running.url);
    const body = JSON.stringify({
      email_address: ['drain@example.com'],
      password: 'an-uncommon-drain-passphrase',
    });
    // The request arrives with half its body: it is in flight, and stays so until we send
    // the rest, so SIGTERM lands during it whatever the machine's speed.
    const socket = net.connect(Number(port), '127.0.0.1');
    let response = '';
    socket.on('data', (d) => (response += d));
    const closed = new Promise((resolve) => socket.on('close', resolve));
    socket.write(
      `POST /v1/users HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${key}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n` +
        body.slice(0, 10),
    );
    await waitFor(running, /request received/);
    const exited = stop(running);
    await waitFor(running, /draining in-flight requests/);
    // (write, not end: a client that half-closes its socket gives up on the answer)
    socket.write(body.slice(10));
    await closed;
    expect(response).toMatch(/^HTTP\/1.1 200 /);
    expect(await exited).toBe(0);
  });

  it('castellan migrate applies migrations and exits', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'castellan-migrate-'));
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'migrate', '--data-dir', dir], {
      env: { ...process.env, DATABASE_URL: '' },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const code = await new Promise((r) => child.on('exit', r));
    expect(code).toBe(0);
    expect(out).toContain('applied: 2026-11-26T00-initial');
    rmSync(dir, { recursive: true, force: true });
  });
});
