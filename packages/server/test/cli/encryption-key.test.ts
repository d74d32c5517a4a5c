import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI } from './run-cli.js';

interface Outcome {
  code: number | null;
  output: string;
}

/**
 * Runs `castellan serve` until it prints its banner (then stops it with SIGTERM) or exits
 * by itself, and returns its exit code and output.
 */
function serveOnce(dataDir: string, env: Record<string, string> = {}): Promise<Outcome> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data-dir', dataDir], {
    env: {
      ...process.env,
      CLERK_SECRET_KEY: '',
      DATABASE_URL: '',
      CASTELLAN_ENCRYPTION_KEY: '',
      CASTELLAN_ENCRYPTION_KEY_FILE: '',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let stopping = false;
  const collect = (d: Buffer) => {
    output += d;
    const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
    if (stopping || !url || !/Encryption key:.*\n/.test(output)) return;
    stopping = true;
    // An answer means the banner's synchronous code, signal handlers included, has run.
    void fetch(`${url}/healthz`).finally(() => child.kill('SIGTERM'));
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
}

describe('castellan serve and the encryption key', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'castellan-kek-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('writes a key file on first start, says so, and reads it on the next', async () => {
    const first = await serveOnce(dataDir);
    const file = path.join(dataDir, 'encryption.key');
    expect(first.code).toBe(0);
    expect(first.output).toMatch(new RegExp(`Encryption key: +\\S+ written to ${file}`));
    expect(first.output).toContain('back it up');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const key = readFileSync(file, 'utf8').trim();
    expect(first.output).not.toContain(key);

    const second = await serveOnce(dataDir);
    expect(second.code).toBe(0);
    expect(second.output).toMatch(new RegExp(`Encryption key: +\\S+ from ${file}`));
  });

  it('exits with a clear error when CASTELLAN_ENCRYPTION_KEY is not the key of the data', async () => {
    const other = Buffer.alloc(32, 'another').toString('base64');
    const wrong = await serveOnce(dataDir, { CASTELLAN_ENCRYPTION_KEY: other });
    expect(wrong.code).toBe(1);
    expect(wrong.output).toMatch(/secrets are encrypted under encryption key \S+, but/);
    expect(wrong.output).not.toContain(other);
  });
});
