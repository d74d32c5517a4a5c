import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDialects, type TestDatabase } from '../helpers/test-server.js';
import { runCli, serve, stop, type Running } from './run-cli.js';

const DEFAULT_KEY = 'sk_test_defaultKeyOfTheAdminCommandTests0001';

describe.each(testDialects())(
  'castellan instances, keys and signing-keys (%s)',
  { timeout: 180_000 },
  (dialect) => {
    let database: TestDatabase;
    let dir: string;
    let server: Running;
    let env: Record<string, string>;
    const cli = (...args: string[]) => runCli([...args, '--data-dir', dir], env);
    const call = async (key: string, url: string, init: RequestInit = {}) => {
      const response = await fetch(`${server.url}${url}`, {
        ...init,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      });
      return { status: response.status, body: (await response.json()) as any };
    };
    const count = async (key: string) => (await call(key, '/v1/users/count')).status;
    const createUser = (key: string, password: string) =>
      call(key, '/v1/users', {
        method: 'POST',
        body: JSON.stringify({ email_address: [`u${Math.random()}@example.com`], password }),
      });
    const kids = async (key: string) =>
      ((await call(key, '/v1/jwks')).body.keys as { kid: string }[]).map((k) => k.kid);

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      await database.database.close(); // the CLI opens its own connections
      dir = mkdtempSync(path.join(tmpdir(), 'castellan-admin-'));
      env = { DATABASE_URL: database.url };
      server = await serve(['--data-dir', dir, '--password-min-length', '10'], {
        ...env,
        CLERK_SECRET_KEY: DEFAULT_KEY,
      });
    });
    afterAll(async () => {
      if (server) await stop(server);
      await database?.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('serve applies the configuration options to the default instance', async () => {
      const short = await createUser(DEFAULT_KEY, 'Nine-ch-9');
      expect(short.status).toBe(422);
      expect(short.body.errors[0].long_message).toBe('Passwords must be 10 characters or more.');
      expect((await createUser(DEFAULT_KEY, 'Ten-chars-10')).status).toBe(200);
    });

    it('creates an instance with its own keys and configuration, lists it, removes it', async () => {
      const created = await cli(
        'instances',
        'create',
        '--name',
        'shop',
        '--environment',
        'production',
        '--frontend-api',
        'clerk.shop.example',
        '--password-require-numbers',
        'true',
      );
      expect(created.stderr).toBe('');
      expect(created.code).toBe(0);
      const shopKey = /Secret key:\s+(sk_live_[A-Za-z0-9]+)/.exec(created.stdout)![1]!;
      const shopId = /Instance:\s+(ins_\w+) \(shop, production\)/.exec(created.stdout)![1]!;
      expect(created.stdout).toContain('Publishable key:  pk_live_');
      expect(created.stdout).toContain('Frontend API:     clerk.shop.example');
      expect(await count(shopKey)).toBe(200);
      const noNumber = await createUser(shopKey, 'No-numbers-here');
      expect(noNumber.body.errors[0].code).toBe('form_password_no_number');
      // The default instance's configuration is its own.
      expect((await createUser(DEFAULT_KEY, 'No-numbers-here')).status).toBe(200);
      const configured = await cli(
        'instances',
        'configure',
        shopId,
        '--password-require-numbers',
        'false',
        '--password-min-length',
        '20',
      );
      expect(configured.stdout).toBe(`Configured ${shopId}.\n`);
      const tooShort = await createUser(shopKey, 'No-numbers-here');
      expect(tooShort.body.errors[0].long_message).toBe('Passwords must be 20 characters or more.');
      expect((await createUser(shopKey, 'No-numbers-here-but-long')).status).toBe(200);
      const unknown = await cli(
        'instances',
        'configure',
        'ins_nope',
        '--identifier-username',
        'off',
      );
      expect([unknown.code, unknown.stderr]).toEqual([1, 'No instance ins_nope.\n']);

      const listed = JSON.parse((await cli('instances', 'list', '--json')).stdout) as any[];
      expect(listed.map((i) => [i.name, i.environment, i.isDefault])).toEqual([
        ['default', 'development', true],
        ['shop', 'production', false],
      ]);
      const table = (await cli('instances', 'list')).stdout;
      expect(table).toContain(`${listed[0].id} (default)`);
      expect(table).not.toContain(shopKey);

      const refused = await cli('instances', 'remove', listed[0].id);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('is the default instance');
      expect(await count(shopKey)).toBe(200); // cached by the server now
      const removed = await cli('instances', 'remove', shopId);
      expect(removed.code).toBe(0);
      expect(removed.stdout).toContain(`Removed instance ${shopId} (shop) and all its data.`);
      // The command returned only once no node could accept the instance's keys.
      expect(await count(shopKey)).toBe(401);
      expect(JSON.parse((await cli('instances', 'list', '--json')).stdout)).toHaveLength(1);
    });

    it('keys: create, list, revoke, with no window once revoke has reported', async () => {
      const id = JSON.parse((await cli('instances', 'list', '--json')).stdout)[0].id as string;
      const created = await cli('keys', 'create', '--instance', id);
      expect(created.code).toBe(0);
      const newKey = /Secret key:\s+(sk_test_[A-Za-z0-9]+)/.exec(created.stdout)![1]!;
      expect(await count(newKey)).toBe(200);
      expect(await count(DEFAULT_KEY)).toBe(200); // cached on the server from here on

      const listed = await cli('keys', 'list', '--instance', id);
      expect(listed.stdout).toContain('sk_test_…0001');
      expect(listed.stdout).toContain(`sk_test_…${newKey.slice(-4)}`);
      expect(listed.stdout).not.toContain(newKey);

      const revoked = await cli('keys', 'revoke', 'sk_test_…0001');
      expect(revoked.code).toBe(0);
      expect(revoked.stdout).toContain('Revoked sk_test_…0001');
      expect(revoked.stdout).toContain('Done: no node accepts sk_test_…0001 any more.');
      expect(await count(DEFAULT_KEY)).toBe(401);
      expect(await count(newKey)).toBe(200);

      const last = await cli('keys', 'revoke', `sk_test_…${newKey.slice(-4)}`);
      expect(last.code).toBe(1);
      expect(last.stderr).toContain('is the last key of');
      expect(await count(newKey)).toBe(200);
      env.NEW_KEY = newKey;
    });

    it('signing-keys: rotate, list, remove', async () => {
      const key = env.NEW_KEY!;
      const id = JSON.parse((await cli('instances', 'list', '--json')).stdout)[0].id as string;
      const [first] = await kids(key);
      const rotated = await cli('signing-keys', 'rotate', '--instance', id);
      expect(rotated.code).toBe(0);
      const added = /Signing key (key_\w+) added/.exec(rotated.stdout)![1]!;
      expect(await kids(key)).toEqual([first, added]);
      const listed = JSON.parse(
        (await cli('signing-keys', 'list', '--instance', id, '--json')).stdout,
      );
      expect(listed.map((k: any) => [k.kid, k.signing])).toEqual([
        [first, false],
        [added, true],
      ]);

      const refused = await cli('signing-keys', 'remove', added);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('rotate first');
      const removed = await cli('signing-keys', 'remove', first!);
      expect(removed.code).toBe(0);
      expect(await kids(key)).toEqual([added]);
    });

    it('refuses bad arguments with a message, and documents every command', async () => {
      const cases: [string[], string][] = [
        [['keys', 'create'], 'missing --instance\n'],
        [['keys', 'create', '--instance', 'ins_nope'], 'No instance ins_nope.\n'],
        [['keys', 'list', '--instance', 'x', '--bogus'], "Unknown option '--bogus'"],
        [['keys', 'revoke'], 'missing the key to revoke'],
        [['signing-keys', 'remove', 'key_nope'], 'No signing key key_nope.\n'],
        [
          ['instances', 'create', '--name', 'x', '--environment', 'staging'],
          '--environment must be development or production',
        ],
        [
          ['instances', 'create', '--name', 'x', '--session-lifetime', '5'],
          '--session-lifetime: sessions.lifetime_seconds must be an integer from 60',
        ],
        [['instances', 'frob'], 'unknown command: castellan instances frob'],
        [['instances'], 'missing command: castellan instances <command>'],
        [
          ['instances', 'configure', 'ins_x'],
          'nothing to configure: give --config FILE or options',
        ],
        [
          ['instances', 'configure', 'ins_x', '--password-min-length', '0'],
          'password_settings.min_length must be an integer from 1 to 72',
        ],
      ];
      for (const [args, message] of cases) {
        const { code, stderr } = await cli(...args);
        expect(code, args.join(' ')).toBe(1);
        expect(stderr).toContain(message);
      }
      for (const group of ['instances', 'keys', 'signing-keys']) {
        const { code, stdout } = await cli(group, '--help');
        expect(code).toBe(0);
        expect(stdout).toContain(`usage: castellan ${group} `);
      }
      const help = await runCli(['--help']);
      expect(help.stdout).toContain('--session-lifetime SECONDS');
      expect(help.stdout).toContain('CASTELLAN_SESSION_LIFETIME');
    });

    it('serve refuses a configuration with an unknown key or a wrong type', async () => {
      const file = path.join(dir, 'castellan.json');
      writeFileSync(file, JSON.stringify({ sessions: { lifetime_secs: 60 } }));
      const unknown = await runCli(
        ['serve', '--port', '0', '--data-dir', dir, '--config', file],
        env,
      );
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain(`${file}: unknown key sessions.lifetime_secs`);
      const wrong = await runCli(['serve', '--port', '0', '--data-dir', dir], {
        ...env,
        CASTELLAN_MULTI_SESSION: 'maybe',
      });
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toBe(
        'CASTELLAN_MULTI_SESSION: sessions.multi_session must be true or false, not "maybe"\n',
      );
    });
  },
);
