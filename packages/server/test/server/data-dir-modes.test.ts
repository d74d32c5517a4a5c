import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from '../../src/app.js';
import { openDatabase } from '../../src/db/database.js';

const mode = (file: string) => statSync(file).mode & 0o777;
const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'castellan-modes-'));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(process.platform === 'win32')('data directory permissions (issue 6)', () => {
  it('creates the data dir 0700 and the database, -wal, -shm and key files 0600', async () => {
    const dataDir = path.join(tempDir(), 'data');
    const app = await createServer({ database: { dataDir }, logger: false });
    try {
      const db = path.join(dataDir, 'castellan.sqlite');
      expect(mode(dataDir)).toBe(0o700);
      expect(mode(db)).toBe(0o600);
      // WAL mode keeps both files while the database is open.
      expect(mode(`${db}-wal`)).toBe(0o600);
      expect(mode(`${db}-shm`)).toBe(0o600);
      expect(mode(path.join(dataDir, 'encryption.key'))).toBe(0o600);
      expect(app.castellan.encryption.generatedFile).toBe(path.join(dataDir, 'encryption.key'));
    } finally {
      await app.close();
    }
    // A second start reads the same key file and opens the sealed signing key.
    const again = await createServer({ database: { dataDir }, logger: false });
    expect(again.castellan.encryption.generatedFile).toBeUndefined();
    await again.close();
  });

  it('tightens a 0755 data dir and 0644 files left by an earlier version', async () => {
    const dataDir = path.join(tempDir(), 'data');
    const db = path.join(dataDir, 'castellan.sqlite');
    await openDatabase({ dataDir }).close();
    // As an earlier version left them (SQLite accepts empty -wal and -shm files).
    for (const file of [db, `${db}-wal`, `${db}-shm`]) {
      writeFileSync(file, '', { flag: 'a' });
      chmodSync(file, 0o644);
    }
    chmodSync(dataDir, 0o755);
    const app = await createServer({ database: { dataDir }, logger: false });
    try {
      expect(mode(dataDir)).toBe(0o700);
      for (const file of [db, `${db}-wal`, `${db}-shm`]) expect(mode(file)).toBe(0o600);
    } finally {
      await app.close();
    }
  });

  it('creates a missing parent of an explicit SQLite path 0700 but leaves an existing one alone', async () => {
    const shared = tempDir();
    chmodSync(shared, 0o755);
    const file = path.join(shared, 'nested', 'db.sqlite');
    const database = openDatabase({ url: file });
    await database.close();
    expect(mode(shared)).toBe(0o755);
    expect(mode(path.dirname(file))).toBe(0o700);
    expect(mode(file)).toBe(0o600);
  });
});
