import net from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, serve, stop, waitFor } from './run-cli.js';

const PINNED = 'sk_test_pinnedKeyForTheCliTest0123456789';

// Each test starts the CLI once or more (a few seconds each on a busy CI machine).
describe('castellan serve', { timeout: 120_000 }, () => {
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

  // Regression, issue 6: Fastify's own JSON "Server listening at" line sat in the middle of
  // the banner, and shutdown ended without a word.
  it('prints a clean banner, then JSON logs, then a last line once drained', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'castellan-banner-'));
    try {
      const running = await serve(['--data-dir', dir], { CLERK_SECRET_KEY: PINNED });
      const banner = running.stdout().split('\n');
      expect(banner[0]).toMatch(
        /^Castellan listening on http:\/\/127\.0\.0\.1:\d+ \(sqlite\) in \d+ ms$/,
      );
      expect(banner.slice(1, 6).map((line) => line.split(':')[0])).toEqual([
        '  API URL',
        '  Frontend API',
        '  Publishable key',
        '  Secret key',
        '  Encryption key',
      ]);
      expect(banner.slice(6)).toEqual(['']);
      // The Frontend API's URL is the server's plus /__clerk (issue 15).
      expect(banner[2]).toMatch(/^ {2}Frontend API: +http:\/\/127\.0\.0\.1:\d+\/__clerk /);
      expect(running.stdout()).not.toContain('Server listening');
      expect(running.stdout()).toContain('sk_test_…6789 (set at first start or pinned');
      expect(running.stderr()).toBe('');

      await fetch(`${running.url}/healthz`);
      expect(await stop(running)).toBe(0);
      const after = running
        .stdout()
        .split('\n')
        .slice(6)
        .map((line) => (line.startsWith('{') ? JSON.parse(line).msg : line));
      expect(after).toEqual([
        'request',
        'draining in-flight requests',
        expect.stringMatching(/^Castellan stopped \(SIGTERM, drained in \d+ ms\)$/),
        '',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('logs requests without the Authorization header', async () => {
    const running = await serve(['--data-dir', dataDir], {
      CLERK_SECRET_KEY: PINNED,
      CASTELLAN_REPLACE_SECRET_KEY: '1',
    });
    const res = await fetch(`${running.url}/v1/users/count`, {
      headers: { authorization: `Bearer ${PINNED}` },
    });
    expect(res.status).toBe(200);
    expect(await stop(running)).toBe(0);
    const lines = running
      .output()
      .split('\n')
      .filter((l) => l.includes('"msg":"request"'));
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({ method: 'GET', url: '/v1/users/count', status: 200 });
    expect(line.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(line.duration_ms).toEqual(expect.any(Number));
    expect(running.output()).not.toContain(PINNED.slice(8));
  });

  it('drains an in-flight request on SIGTERM before exiting', async () => {
    const key = PINNED;
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
    const { code, stdout } = await runCli(['migrate', '--data-dir', dir]);
    expect(code).toBe(0);
    expect(stdout).toContain('applied: 2026-11-26T00-initial');
    rmSync(dir, { recursive: true, force: true });
  });

  it('--help lists every option, with the ways to pass secrets outside the command line', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    for (const option of [
      '--port',
      '--host',
      '--data-dir',
      '--public-url',
      'CASTELLAN_PUBLIC_URL',
      '--database-url-file',
      'DATABASE_URL_FILE',
      '--secret-key-file',
      'CLERK_SECRET_KEY_FILE',
      '--replace-secret-key',
      'CASTELLAN_REPLACE_SECRET_KEY',
      '--log-level',
    ])
      expect(stdout).toContain(option);
    expect(stdout).toMatch(/secret on the command line is visible/);
  });
});
