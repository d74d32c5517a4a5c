import { setTimeout as sleep } from 'node:timers/promises';
import { InstanceAdminError } from '../instances/instance-admin.js';
import { secretKeyCacheTtlMs } from '../instances/instance-resolver.js';
import {
  createNamedInstance,
  listAllInstances,
  removeInstance,
} from '../instances/instance-admin.js';
import { readInstanceConfigOptions } from '../instances/instance-config-options.js';
import { applyInstanceConfig, configureInstance } from '../instances/instance-config-apply.js';
import { CONFIG_OPTION_SPECS, configOptionsHelp } from '../instances/instance-config-options.js';
import {
  onePositional,
  parseCommandArgs,
  requiredOption,
  withAdminContext,
} from './admin-context.js';
import type { CommandGroup } from './command-group.js';
import { formatTime, printTable } from './output.js';

export const instancesCommand: CommandGroup = {
  name: 'instances',
  help: `usage: castellan instances <create|list|remove|configure> [options]

  create --name NAME [--environment development|production] [--frontend-api HOST]
         [--config FILE] [configuration options]
                           create an instance with its own keys, signing key and
                           configuration; its secret key is printed once. Production
                           instances get sk_live_/pk_live_ keys. The frontend API host
                           defaults to <instance id>.localhost.
  list                     every instance: id, name, environment, frontend API,
                           publishable key, newest secret key's hint
  remove ID [--force]      delete the instance and all its data (users, keys, settings…);
                           the default instance only with --force
  configure ID [--config FILE] [configuration options]
                           change an instance's configuration (docs/configuration.md)

  --json                   (list) print JSON
  --data-dir DIR, --database-url URL, --database-url-file FILE
                           the database, as for serve (also CASTELLAN_DATA_DIR,
                           DATABASE_URL, DATABASE_URL_FILE); create also needs the
                           encryption key serve uses (CASTELLAN_ENCRYPTION_KEY[_FILE] or
                           <data dir>/encryption.key)

configuration options (create, configure; also in the --config file):
${configOptionsHelp(false)}`,
  commands: {
    async create(argv, env) {
      const { values } = parseCommandArgs(argv, {
        name: { type: 'string' },
        environment: { type: 'string' },
        'frontend-api': { type: 'string' },
        ...CONFIG_OPTION_SPECS,
      });
      const name = requiredOption(values.name, 'name');
      const environment = values.environment ?? 'development';
      if (environment !== 'development' && environment !== 'production')
        throw new InstanceAdminError(
          `--environment must be development or production, not ${environment}`,
        );
      // Command-line options only: the environment configures the default instance at start.
      const config = readInstanceConfigOptions(values, {});
      await withAdminContext(values, env, async ({ database, secrets, out }) => {
        const { instance, secretKey } = await createNamedInstance(database, await secrets(), {
          name,
          environment,
          frontendApi: values['frontend-api'],
          settings: applyInstanceConfig({}, config),
        });
        // Roles and permissions are rows, not settings: applied once the instance exists.
        if (config.organization_settings) await configureInstance(database, instance.id, config);
        out(`Instance:         ${instance.id} (${instance.name}, ${instance.environment})`);
        out(`Frontend API:     ${instance.frontendApi}`);
        out(`Publishable key:  ${instance.publishableKey}`);
        out(`Secret key:       ${secretKey}   (shown once: store it now)`);
      });
    },
    async list(argv, env) {
      const { values } = parseCommandArgs(argv, { json: { type: 'boolean' } });
      await withAdminContext(values, env, async ({ database, out }) => {
        const instances = await listAllInstances(database);
        if (values.json) return out(JSON.stringify(instances, null, 2));
        printTable(
          out,
          ['ID', 'NAME', 'ENVIRONMENT', 'FRONTEND API', 'PUBLISHABLE KEY', 'SECRET KEY', 'CREATED'],
          instances.map((i) => [
            i.id + (i.isDefault ? ' (default)' : ''),
            i.name,
            i.environment,
            i.frontendApi,
            i.publishableKey,
            i.secretKeyHint || '-',
            formatTime(i.createdAt),
          ]),
        );
      });
    },
    async remove(argv, env) {
      const { values, positionals } = parseCommandArgs(argv, { force: { type: 'boolean' } });
      const id = onePositional(positionals, 'the id of the instance to remove');
      const ttlMs = secretKeyCacheTtlMs(env);
      await withAdminContext(values, env, async ({ database, out }) => {
        const removed = await removeInstance(database, id, {
          force: values.force === true,
          waitForKeyCaches: async () => {
            out(
              `Revoked the keys of ${id}; waiting ${Math.ceil(ttlMs / 1000)} s for every node's key cache to expire…`,
            );
            await sleep(ttlMs);
          },
        });
        out(`Removed instance ${removed.id} (${removed.name}) and all its data.`);
      });
    },
    async configure(argv, env) {
      const { values, positionals } = parseCommandArgs(argv, CONFIG_OPTION_SPECS);
      const id = onePositional(positionals, 'the id of the instance to configure');
      const config = readInstanceConfigOptions(values, {});
      if (Object.keys(config).length === 0)
        throw new InstanceAdminError('nothing to configure: give --config FILE or options');
      await withAdminContext(values, env, async ({ database, out }) => {
        await configureInstance(database, id, config);
        out(`Configured ${id}.`);
      });
    },
  },
};
