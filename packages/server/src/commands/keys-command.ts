import { setTimeout as sleep } from 'node:timers/promises';
import { secretKeyCacheTtlMs } from '../instances/instance-resolver.js';
import {
  createSecretKey,
  listInstanceSecretKeys,
  revokeSecretKey,
} from '../instances/secret-key-service.js';
import {
  onePositional,
  parseCommandArgs,
  requiredOption,
  withAdminContext,
} from './admin-context.js';
import type { CommandGroup } from './command-group.js';
import { formatTime, printTable } from './output.js';

export const keysCommand: CommandGroup = {
  name: 'keys',
  help: `usage: castellan keys <create|list|revoke> [options]

  create --instance ID     add a secret key to the instance; it is printed once
  list --instance ID       the instance's keys: id, hint, created, revoked
  revoke ID|HINT           revoke a key (by id, or by hint such as sk_test_…abcd); waits
                           until no node's key cache can still accept it (10 s, or
                           CASTELLAN_SECRET_KEY_CACHE_TTL_MS), then
                           reports. The instance's last key cannot be revoked: create
                           the new key first.

  --json                   (list) print JSON
  --data-dir DIR, --database-url URL, --database-url-file FILE
                           the database, as for serve (also CASTELLAN_DATA_DIR,
                           DATABASE_URL, DATABASE_URL_FILE)
`,
  commands: {
    async create(argv, env) {
      const { values } = parseCommandArgs(argv, { instance: { type: 'string' } });
      const instanceId = requiredOption(values.instance, 'instance');
      await withAdminContext(values, env, async ({ database, out }) => {
        const { secretKey, row } = await createSecretKey(database, instanceId);
        out(`Secret key:  ${secretKey}   (shown once: store it now)`);
        out(`Id:          ${row.id}`);
        out(`Instance:    ${instanceId}`);
      });
    },
    async list(argv, env) {
      const { values } = parseCommandArgs(argv, {
        instance: { type: 'string' },
        json: { type: 'boolean' },
      });
      const instanceId = requiredOption(values.instance, 'instance');
      await withAdminContext(values, env, async ({ database, out }) => {
        const keys = await listInstanceSecretKeys(database, instanceId);
        const rows = keys.map((k) => ({
          id: k.id,
          hint: k.hint,
          created_at: k.created_at,
          revoked_at: k.revoked_at,
        }));
        if (values.json) return out(JSON.stringify(rows, null, 2));
        printTable(
          out,
          ['ID', 'HINT', 'CREATED', 'REVOKED'],
          rows.map((k) => [
            k.id,
            k.hint,
            formatTime(k.created_at),
            k.revoked_at === null ? '-' : formatTime(k.revoked_at),
          ]),
        );
      });
    },
    async revoke(argv, env) {
      const { values, positionals } = parseCommandArgs(argv, {});
      const ttlMs = secretKeyCacheTtlMs(env);
      const idOrHint = onePositional(positionals, 'the key to revoke (its id or hint)');
      const revoked = await withAdminContext(values, env, async ({ database, out }) => {
        const row = await revokeSecretKey(database, idOrHint);
        out(`Revoked ${row.hint} (${row.id}) of ${row.instance_id}.`);
        return row;
      });
      // Every node trusts a key it resolved for the cache TTL from its lookup; once that
      // has passed since the revocation committed, no node accepts the key.
      const seconds = Math.ceil(ttlMs / 1000);
      process.stdout.write(`Waiting ${seconds} s for every node's key cache to expire…\n`);
      await sleep(Math.max(0, revoked.revoked_at! + ttlMs - Date.now()));
      process.stdout.write(`Done: no node accepts ${revoked.hint} any more.\n`);
    },
  },
};
