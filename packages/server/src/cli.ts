#!/usr/bin/env node
import { readConfig } from './config.js';
import { runMigrate, runServe } from './main.js';

const [command = 'serve', ...rest] = process.argv.slice(2);
const usage = `usage: castellan <serve|migrate> [--port N] [--host H] [--data-dir DIR] [--database-url URL] [--secret-key sk_…]`;

try {
  const config = readConfig(rest, process.env);
  if (command === 'serve') await runServe(config);
  else if (command === 'migrate') await runMigrate(config);
  else if (command === 'help' || command === '--help') console.log(usage);
  else {
    console.error(`unknown command: ${command}\n${usage}`);
    process.exitCode = 2;
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
