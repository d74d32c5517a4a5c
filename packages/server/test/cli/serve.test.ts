import { spawn, type ChildProcess } from 'node:child_process';
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
    const running = await serve(['--data-dir', dataDir], {
      CLERK_SECRET_KEY: 'sk_test_pinnedKeyForTheCliTest0123456789',
    });
    // Creating a user hashes a password (~50 ms): SIGTERM lands while it is in flight.
    const pending = fetch(`${running.url}/v1/users`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer sk_test_pinnedKeyForTheCliTest0123456789',
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        email_address: ['drain@example.com'],
        password: 'an-uncommon-drain-passphrase',
      }),
    });
    await new Promise((r) => setTimeout(r, 10));
    const exited = stop(running);
    const res = await pending;
    expect(res.status).toBe(200);
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
