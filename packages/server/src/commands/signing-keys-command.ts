import {
  listInstanceSigningKeys,
  removeSigningKey,
  rotateSigningKey,
} from '../instances/signing-key-admin.js';
import {
  onePositional,
  parseCommandArgs,
  requiredOption,
  withAdminContext,
} from './admin-context.js';
import type { CommandGroup } from './command-group.js';
import { formatTime, printTable } from './output.js';

export const signingKeysCommand: CommandGroup = {
  name: 'signing-keys',
  help: `usage: castellan signing-keys <rotate|list|remove> [options]

  rotate --instance ID     add a new RS256 key: it signs the instance's tokens from now on
                           (every node within 10 s); the older keys stay in GET /v1/jwks
                           and keep verifying the tokens they signed until removed
  list --instance ID       the instance's keys: kid, created, which one signs
  remove KID               remove a key that no longer signs: its tokens stop verifying
                           and the JWKS stops listing it (the signing key is refused:
                           rotate first)

  --json                   (list) print JSON
  --data-dir DIR, --database-url URL, --database-url-file FILE
                           the database, as for serve (also CASTELLAN_DATA_DIR,
                           DATABASE_URL, DATABASE_URL_FILE); rotate also needs the
                           encryption key serve uses (CASTELLAN_ENCRYPTION_KEY[_FILE] or
                           <data dir>/encryption.key)
`,
  commands: {
    async rotate(argv, env) {
      const { values } = parseCommandArgs(argv, { instance: { type: 'string' } });
      const instanceId = requiredOption(values.instance, 'instance');
      await withAdminContext(values, env, async ({ database, secrets, out }) => {
        const key = await rotateSigningKey(database, await secrets(), instanceId);
        out(`Signing key ${key.kid} added to ${instanceId}: it signs from now on.`);
        out(
          'The older keys keep verifying until removed (castellan signing-keys remove <kid>); remove them once the tokens they signed have expired.',
        );
      });
    },
    async list(argv, env) {
      const { values } = parseCommandArgs(argv, {
        instance: { type: 'string' },
        json: { type: 'boolean' },
      });
      const instanceId = requiredOption(values.instance, 'instance');
      await withAdminContext(values, env, async ({ database, out }) => {
        const keys = await listInstanceSigningKeys(database, instanceId);
        if (values.json) return out(JSON.stringify(keys, null, 2));
        printTable(
          out,
          ['KID', 'ALGORITHM', 'CREATED', 'SIGNS'],
          keys.map((k) => [k.kid, k.algorithm, formatTime(k.createdAt), k.signing ? 'yes' : 'no']),
        );
      });
    },
    async remove(argv, env) {
      const { values, positionals } = parseCommandArgs(argv, {});
      const kid = onePositional(positionals, 'the kid of the key to remove');
      await withAdminContext(values, env, async ({ database, out }) => {
        const key = await removeSigningKey(database, kid);
        out(
          `Removed signing key ${key.kid} of ${key.instanceId}: tokens it signed no longer verify.`,
        );
      });
    },
  },
};
