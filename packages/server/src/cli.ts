#!/usr/bin/env node
import { HELP, readConfig } from './config.js';
import { runMigrate, runServe } from './main.js';

const args = process.argv.slice(2);
// `castellan --port 4000` serves: the command is optional, flags may come first.
const [command = 'serve', ...rest] = args[0]?.startsWith('-') ? ['serve', ...args] : args;

try {
  if (command === 'help' || rest.includes('--help') || rest.includes('-h')) {
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
