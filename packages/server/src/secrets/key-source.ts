import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureParentDirs, ensurePrivateDir, ensurePrivateFile } from '../db/private-files.js';
import {
  EncryptionKeyError,
  generateEncryptionKeyText,
  KEY_BYTES,
  toEncryptionKeyRing,
  type EncryptionKeyInput,
  type EncryptionKeyRing,
} from './encryption-key.js';

export const KEY_FILE_NAME = 'encryption.key';

export interface LoadedEncryptionKeys {
  ring: EncryptionKeyRing;
  /** Where the current key came from, for the startup log (never the key). */
  source: string;
  /** The key file written now because no key existed: it must be backed up. */
  generatedFile?: string;
}

export interface KeySourceOptions {
  env: Record<string, string | undefined>;
  /** Where `encryption.key` lives when the environment names no key. */
  dataDir: string;
  /** Previous keys besides those of `CASTELLAN_ENCRYPTION_PREVIOUS_KEYS`. */
  previous?: readonly EncryptionKeyInput[] | undefined;
}

function previousKeys(env: KeySourceOptions['env']): string[] {
  return (env.CASTELLAN_ENCRYPTION_PREVIOUS_KEYS ?? '').split(/[\s,]+/).filter(Boolean);
}

/** Reads a key file, or writes a new key there when none exists (first start). */
function readOrCreateKeyFile(file: string): { text: string; generated: boolean } {
  try {
    // 'wx': two nodes starting at once on a shared file both end up reading one key.
    writeFileSync(file, `${generateEncryptionKeyText()}\n`, { mode: 0o600, flag: 'wx' });
    return { text: readFileSync(file, 'utf8'), generated: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new EncryptionKeyError(`Cannot create the encryption key file ${file}: ${error}`);
    }
  }
  return { text: readFileSync(file, 'utf8'), generated: false };
}

/**
 * Finds the key-encryption key: `CASTELLAN_ENCRYPTION_KEY` (base64 of 32 bytes), else the
 * file `CASTELLAN_ENCRYPTION_KEY_FILE`, else `<data dir>/encryption.key`; a missing file is
 * created (0600) with a new random key. `CASTELLAN_ENCRYPTION_PREVIOUS_KEYS` lists keys
 * that may still have sealed stored values (during a rotation).
 */
export function loadEncryptionKeys(options: KeySourceOptions): LoadedEncryptionKeys {
  const { env, dataDir } = options;
  const previous = [...previousKeys(env), ...(options.previous ?? [])];
  if (env.CASTELLAN_ENCRYPTION_KEY && env.CASTELLAN_ENCRYPTION_KEY_FILE) {
    throw new EncryptionKeyError(
      'Set CASTELLAN_ENCRYPTION_KEY or CASTELLAN_ENCRYPTION_KEY_FILE, not both.',
    );
  }
  if (env.CASTELLAN_ENCRYPTION_KEY) {
    const source = 'CASTELLAN_ENCRYPTION_KEY';
    return { ring: toEncryptionKeyRing(env.CASTELLAN_ENCRYPTION_KEY, previous, source), source };
  }
  let file = env.CASTELLAN_ENCRYPTION_KEY_FILE;
  if (file) {
    ensureParentDirs(path.dirname(path.resolve(file)));
  } else {
    ensurePrivateDir(dataDir);
    file = path.join(dataDir, KEY_FILE_NAME);
  }
  const { text, generated } = readOrCreateKeyFile(file);
  // Our own file: tighten it if an earlier hand-made copy was left readable by others.
  if (!env.CASTELLAN_ENCRYPTION_KEY_FILE) ensurePrivateFile(file);
  const ring = toEncryptionKeyRing(text, previous, `the encryption key file ${file}`);
  return {
    ring: { ...ring, source: file },
    source: file,
    ...(generated ? { generatedFile: file } : {}),
  };
}

function isKeyRing(value: unknown): value is EncryptionKeyRing {
  return typeof value === 'object' && value !== null && 'current' in value;
}

export interface ServerKeyOptions {
  encryptionKey?: EncryptionKeyInput | EncryptionKeyRing | undefined;
  previousEncryptionKeys?: readonly EncryptionKeyInput[] | undefined;
  /** How createServer opens the database; undefined when it was given an open one. */
  databaseOptions?: { url?: string | undefined; dataDir?: string | undefined } | undefined;
  /** The database lives in memory only (opened by createServer or given to it). */
  inMemory?: boolean | undefined;
}

/**
 * The keys `createServer` uses: the ones it was given; for an in-memory database (gone
 * with the process, and its secrets with it) a random key; for a database it opens from a
 * data dir, that dir's key file, as `castellan serve` does. Another open database with no
 * key is an error: nothing says where its key lives, and a made-up one would seal secrets
 * that no later start could read.
 */
export function resolveServerKeys(options: ServerKeyOptions): LoadedEncryptionKeys {
  const previous = options.previousEncryptionKeys ?? [];
  const given = options.encryptionKey;
  if (isKeyRing(given)) return { ring: given, source: given.source ?? 'the encryptionKey option' };
  if (given !== undefined) {
    const source = 'the encryptionKey option';
    return { ring: toEncryptionKeyRing(given, previous, source), source };
  }
  const database = options.databaseOptions;
  if (options.inMemory || database?.url === ':memory:') {
    return { ring: toEncryptionKeyRing(randomBytes(KEY_BYTES), previous), source: 'in memory' };
  }
  if (database) {
    return loadEncryptionKeys({ env: {}, dataDir: database.dataDir ?? '.castellan', previous });
  }
  throw new EncryptionKeyError(
    'createServer was given an open database but no encryptionKey: pass the key its secrets are sealed with (ADR 0003).',
  );
}
