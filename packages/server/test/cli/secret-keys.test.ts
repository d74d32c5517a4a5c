import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDialects, type TestDatabase } from '../helpers/test-server.js';
import { runCli, serve, stop } from './run-cli.js';

const KEY_A = 'sk_test_firstPinnedKeyOfTheCliTestAAAA0001';
const KEY_B = 'sk_test_secondPinnedKeyOfTheCliTestBBB0002';

async function countWith(url: string, key: string): Promise<number> {
  return (await fetch(`${url}/v1/users/count`, { headers: { authorization: `Bearer ${key}` } }))
    .status;
}

// Regression, issue 6: pinned keys were not checked, printed whole, silently re-pinned by
// a node with a stale CLERK_SECRET_KEY, and only accepted on the command line.
describe('castellan serve: secret keys', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'castellan-keys-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a pinned key that is not a secret key, without printing it', async () => {
    for (const weak of [
      'weak',
      'sk_test_short0123456789',
      'pk_test_bG9jYWxob3N0OjMyMTAk0123456789abcdef',
    ]) {
      const { code, stdout, stderr } = await runCli(['serve', '--port', '0', '--data-dir', dir], {
        CLERK_SECRET_KEY: weak,
      });
      expect(code).toBe(1);
      expect(stderr).toBe(
        'CLERK_SECRET_KEY is not a usable secret key: expected sk_test_ or sk_live_ followed by 32 to 128 letters and digits.\n',
      );
      expect(stdout + stderr).not.toContain(weak);
    }
  });

  it('warns when --secret-key puts the key on the command line, never printing it', async () => {
    const data = mkdtempSync(path.join(dir, 'flag-'));
    const running = await serve(['--data-dir', data, '--secret-key', KEY_A]);
    expect(running.stderr()).toBe(
      'warning: --secret-key is visible to every user of this machine (ps, /proc); use CLERK_SECRET_KEY or --secret-key-file instead.\n',
    );
    expect(running.output()).not.toContain(KEY_A.slice(8));
    expect(await countWith(running.url, KEY_A)).toBe(200);
    expect(await stop(running)).toBe(0);
  });

  it('reads the key from --secret-key-file or CLERK_SECRET_KEY_FILE', async () => {
    const data = mkdtempSync(path.join(dir, 'file-'));
    const keyFile = path.join(dir, 'secret-key');
    writeFileSync(keyFile, `${KEY_A}\n`, { mode: 0o600 });
    for (const [args, env] of [
      [['--secret-key-file', keyFile], {}],
      [[], { CLERK_SECRET_KEY_FILE: keyFile }],
    ] as const) {
      const running = await serve(['--data-dir', data, ...args], env);
      expect(running.stderr()).toBe('');
      expect(await countWith(running.url, KEY_A)).toBe(200);
      expect(await stop(running)).toBe(0);
    }
    const missing = await runCli([
      'serve',
      '--data-dir',
      data,
      '--secret-key-file',
      `${keyFile}.x`,
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`--secret-key-file: cannot read ${keyFile}.x (ENOENT)\n`);
    const both = await runCli(['serve', '--data-dir', data], {
      CLERK_SECRET_KEY: KEY_A,
      CLERK_SECRET_KEY_FILE: keyFile,
    });
    expect(both.stderr).toBe('set CLERK_SECRET_KEY or CLERK_SECRET_KEY_FILE, not both\n');
  });

  it('refuses a pinned key that differs from the stored one unless asked to replace it', async () => {
    const data = mkdtempSync(path.join(dir, 'replace-'));
    const first = await serve(['--data-dir', data], { CLERK_SECRET_KEY: KEY_A });
    expect(await stop(first)).toBe(0);

    // A node started with a stale key stops instead of switching every node to it.
    const stale = await runCli(['serve', '--port', '0', '--data-dir', data], {
      CLERK_SECRET_KEY: KEY_B,
    });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain(
      "The pinned secret key (sk_test_…0002) is not the default instance's key (sk_test_…0001).",
    );
    expect(stale.stderr).toContain('--replace-secret-key (or CASTELLAN_REPLACE_SECRET_KEY=1)');
    expect(stale.stdout + stale.stderr).not.toContain(KEY_B.slice(8));

    const replaced = await serve(['--data-dir', data, '--replace-secret-key'], {
      CLERK_SECRET_KEY: KEY_B,
    });
    expect(replaced.stdout()).toContain(
      'Secret key:       sk_test_…0002 (replaced sk_test_…0001, which no longer works)',
    );
    expect(await countWith(replaced.url, KEY_B)).toBe(200);
    expect(await countWith(replaced.url, KEY_A)).toBe(401);
    expect(await stop(replaced)).toBe(0);

    // Once replaced, the same key starts without the flag; starting with no key keeps it.
    for (const env of [{ CLERK_SECRET_KEY: KEY_B }, {}] as Record<string, string>[]) {
      const again = await serve(['--data-dir', data], env);
      expect(await countWith(again.url, KEY_B)).toBe(200);
      expect(await stop(again)).toBe(0);
    }
    const withoutKey = await runCli(['serve', '--data-dir', data, '--replace-secret-key']);
    expect(withoutKey.code).toBe(1);
    expect(withoutKey.stderr).toBe(
      'Replacing the secret key needs the new key: set CLERK_SECRET_KEY.\n',
    );
  });
});

describe.each(testDialects())(
  'castellan serve: database URL from a file (%s)',
  { timeout: 120_000 },
  (dialect) => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      await database.database.close(); // the CLI opens its own connection
    });
    afterAll(async () => database?.drop());

    it('reads DATABASE_URL_FILE and --database-url-file; warns about a password on the command line', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'castellan-dburl-'));
      try {
        const urlFile = path.join(dir, 'database-url');
        writeFileSync(urlFile, `${database.url}\n`, { mode: 0o600 });
        for (const [args, env] of [
          [['--database-url-file', urlFile], {}],
          [[], { DATABASE_URL_FILE: urlFile }],
        ] as const) {
          const running = await serve(['--data-dir', dir, ...args], {
            ...env,
            CLERK_SECRET_KEY: KEY_A,
          });
          expect(running.stdout()).toContain(`(${dialect})`);
          expect(running.stderr()).toBe('');
          expect(await countWith(running.url, KEY_A)).toBe(200);
          expect(await stop(running)).toBe(0);
        }
        if (dialect === 'postgres') {
          const withPassword = new URL(database.url);
          withPassword.password = 'not-really-needed';
          const running = await serve(
            ['--data-dir', dir, '--database-url', withPassword.toString()],
            {
              CLERK_SECRET_KEY: KEY_A,
            },
          );
          expect(running.stderr()).toBe(
            'warning: the password in --database-url is visible to every user of this machine (ps, /proc); use DATABASE_URL or --database-url-file instead.\n',
          );
          expect(await stop(running)).toBe(0);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  },
);
