import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EncryptionKeyError, toEncryptionKey } from '../../../src/secrets/encryption-key.js';
import { loadEncryptionKeys, resolveServerKeys } from '../../../src/secrets/key-source.js';

const KEY = Buffer.alloc(32, 7).toString('base64');
const OLD = Buffer.alloc(32, 8).toString('base64');
const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'castellan-keys-'));
  dirs.push(dir);
  return dir;
}

const mode = (file: string) => statSync(file).mode & 0o777;

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('loadEncryptionKeys', () => {
  it('takes CASTELLAN_ENCRYPTION_KEY first, with previous keys for a rotation', () => {
    const dataDir = path.join(tempDir(), 'data');
    const loaded = loadEncryptionKeys({
      env: { CASTELLAN_ENCRYPTION_KEY: KEY, CASTELLAN_ENCRYPTION_PREVIOUS_KEYS: ` ${OLD}, ` },
      dataDir,
    });
    expect(loaded.source).toBe('CASTELLAN_ENCRYPTION_KEY');
    expect(loaded.ring.current.kid).toBe(toEncryptionKey(KEY, 'k').kid);
    expect(loaded.ring.previous.map((k) => k.kid)).toEqual([toEncryptionKey(OLD, 'k').kid]);
    expect(loaded.generatedFile).toBeUndefined();
    expect(() => statSync(dataDir)).toThrow(); // nothing written
  });

  it('generates <data dir>/encryption.key (0600, in a 0700 dir) once, then reads it', () => {
    const dataDir = path.join(tempDir(), 'data');
    const first = loadEncryptionKeys({ env: {}, dataDir });
    const file = path.join(dataDir, 'encryption.key');
    expect(first.generatedFile).toBe(file);
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(file)).toBe(0o600);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')).toHaveLength(32);
    const second = loadEncryptionKeys({ env: {}, dataDir });
    expect(second.generatedFile).toBeUndefined();
    expect(second.ring.current.kid).toBe(first.ring.current.kid);
  });

  it('tightens a key file in the data dir that was left readable by others', () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, 'encryption.key');
    writeFileSync(file, `${KEY}\n`, { mode: 0o644 });
    const loaded = loadEncryptionKeys({ env: {}, dataDir });
    expect(loaded.ring.current.kid).toBe(toEncryptionKey(KEY, 'k').kid);
    expect(mode(file)).toBe(0o600);
  });

  it('reads CASTELLAN_ENCRYPTION_KEY_FILE, or creates it there when missing', () => {
    const dir = tempDir();
    const given = path.join(dir, 'kek');
    writeFileSync(given, KEY);
    const loaded = loadEncryptionKeys({
      env: { CASTELLAN_ENCRYPTION_KEY_FILE: given },
      dataDir: dir,
    });
    expect(loaded.ring.current.kid).toBe(toEncryptionKey(KEY, 'k').kid);
    expect(loaded.source).toBe(given);
    const missing = path.join(dir, 'nested', 'kek');
    const made = loadEncryptionKeys({
      env: { CASTELLAN_ENCRYPTION_KEY_FILE: missing },
      dataDir: dir,
    });
    expect(made.generatedFile).toBe(missing);
    expect(mode(missing)).toBe(0o600);
  });

  it('refuses a malformed key, naming its source, and both variables at once', () => {
    const dir = tempDir();
    expect(() =>
      loadEncryptionKeys({ env: { CASTELLAN_ENCRYPTION_KEY: 'c2hvcnQ=' }, dataDir: dir }),
    ).toThrow(/CASTELLAN_ENCRYPTION_KEY must be the base64 of 32 random bytes/);
    const file = path.join(dir, 'encryption.key');
    writeFileSync(file, 'not a key');
    expect(() => loadEncryptionKeys({ env: {}, dataDir: dir })).toThrow(
      new RegExp(`the encryption key file ${file} must be`),
    );
    expect(() =>
      loadEncryptionKeys({
        env: { CASTELLAN_ENCRYPTION_KEY: KEY, CASTELLAN_ENCRYPTION_KEY_FILE: file },
        dataDir: dir,
      }),
    ).toThrow(/not both/);
  });
});

describe('resolveServerKeys (createServer without a key)', () => {
  it('makes up a key only for an in-memory database', () => {
    const memory = resolveServerKeys({ databaseOptions: { url: ':memory:' } });
    expect(memory.source).toBe('in memory');
    expect(resolveServerKeys({ inMemory: true }).source).toBe('in memory');
    expect(() => resolveServerKeys({})).toThrow(EncryptionKeyError);
    expect(() => resolveServerKeys({})).toThrow(/open database but no encryptionKey/);
  });

  it('uses the data dir key file when it opens the database from a data dir', () => {
    const dataDir = tempDir();
    const loaded = resolveServerKeys({ databaseOptions: { dataDir } });
    expect(loaded.generatedFile).toBe(path.join(dataDir, 'encryption.key'));
  });
});
