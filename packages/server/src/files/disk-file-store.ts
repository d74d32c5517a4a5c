import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ensurePrivateDir } from '../db/private-files.js';
import { assertFileKey, type FileStore, type StoredFile } from './file-store.js';

/**
 * Files under `<dataDir>/files/<key>`, private like the rest of the data directory:
 * directories 0700, files 0600. A file is written to a temporary name beside its final
 * one and renamed when complete, so a reader never sees half a file and a failed upload
 * leaves nothing (the temporary file is removed).
 */
export class DiskFileStore implements FileStore {
  constructor(readonly root: string) {
    ensurePrivateDir(root);
  }

  private pathOf(key: string): string {
    assertFileKey(key);
    return path.join(this.root, ...key.split('/'));
  }

  async put(key: string, stream: Readable): Promise<StoredFile> {
    const target = this.pathOf(key);
    ensurePrivateDir(path.dirname(target));
    const temporary = `${target}.${randomBytes(6).toString('hex')}.part`;
    try {
      await pipeline(stream, createWriteStream(temporary, { flags: 'wx', mode: 0o600 }));
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    return { size: (await stat(target)).size };
  }

  async get(key: string): Promise<Readable | undefined> {
    const file = this.pathOf(key);
    try {
      await stat(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    return createReadStream(file);
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}
