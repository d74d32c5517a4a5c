import { parseArgs } from 'node:util';
import { readStorageOptions, STORAGE_OPTIONS } from '../config.js';
import { openDatabase, type Database } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { loadEncryptionKeys } from '../secrets/key-source.js';
import { openSecretBox } from '../secrets/open-secret-box.js';
import type { SecretBox } from '../secrets/secret-box.js';

/** A command's refusal: its message is printed and the process exits with status 1. */
export class CommandError extends Error {}

/** What an admin command works with: the configured database, migrated, and its secrets. */
export interface AdminContext {
  database: Database;
  /** Opened on first use: only commands that seal or open secrets need the encryption key. */
  secrets(): Promise<SecretBox>;
  out(line: string): void;
}

type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

/**
 * Parses a command's arguments strictly (an unknown option or a missing value is an
 * error) with the storage options added, the same as `serve` takes.
 */
export function parseCommandArgs<O extends OptionSpec>(argv: string[], options: O) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { ...STORAGE_OPTIONS, ...options },
    });
  } catch (error) {
    throw new CommandError((error as Error).message);
  }
}

/**
 * Opens the database the storage options name, applies pending migrations (a command may
 * run before the first `serve`), runs `work`, and closes it.
 */
export async function withAdminContext<T>(
  values: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  work: (context: AdminContext) => Promise<T>,
): Promise<T> {
  const storage = readStorageOptions(values as Record<string, string | undefined>, env);
  for (const warning of storage.warnings) process.stderr.write(`${warning}\n`);
  const database = openDatabase({ url: storage.databaseUrl, dataDir: storage.dataDir });
  let box: Promise<SecretBox> | undefined;
  try {
    await migrateToLatest(database.db);
    return await work({
      database,
      secrets: () =>
        (box ??= openSecretBox(
          database.db,
          loadEncryptionKeys({ env, dataDir: storage.dataDir }).ring,
        ).then((opened) => opened.box)),
      out: (line) => process.stdout.write(`${line}\n`),
    });
  } finally {
    await database.close();
  }
}

/** The one positional argument a command needs (`keys revoke <hint-or-id>`). */
export function onePositional(positionals: string[], what: string): string {
  if (positionals.length !== 1)
    throw new CommandError(
      positionals.length === 0
        ? `missing ${what}`
        : `unexpected: ${positionals.slice(1).join(' ')}`,
    );
  return positionals[0]!;
}

/** A required option (`--instance <id>`). */
export function requiredOption(value: string | boolean | undefined, flag: string): string {
  if (typeof value !== 'string' || value === '') throw new CommandError(`missing --${flag}`);
  return value;
}
