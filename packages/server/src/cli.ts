#!/usr/bin/env node
import { instancesCommand } from './commands/instances-command.js';
import { runCommandGroup } from './commands/command-group.js';
import { keysCommand } from './commands/keys-command.js';
import { signingKeysCommand } from './commands/signing-keys-command.js';
import { HELP, readConfig } from './config.js';
import { runMigrate, runServe } from './main.js';

const args = process.argv.slice(2);
// `castellan --port 4000` serves: the command is optional, flags may come first.
const [command = 'serve', ...rest] = args[0]?.startsWith('-') ? ['serve', ...args] : args;
const GROUPS = {
  instances: instancesCommand,
  keys: keysCommand,
  'signing-keys': signingKeysCommand,
};

try {
  if (Object.hasOwn(GROUPS, command)) {
    await runCommandGroup(GROUPS[command as keyof typeof GROUPS], rest, process.env);
  } else if (command === 'help' || rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(HELP);
  } else if (command === 'serve' || command === 'migrate') {
    const config = readConfig(rest, process.env);
    for (const warning of config.warnings) process.stderr.write(`${warning}\n`);
    await (command === 'serve' ? runServe(config) : runMigrate(config));
  } else {
    process.stderr.write(`unknown command: ${command}\n${HELP}`);
    process.exitCode = 2;
  }
} catch (error) {
  // Nothing listens yet, so nothing to drain: exit now rather than after the warm-up.
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`, () =>
    process.exit(1),
  );
}
