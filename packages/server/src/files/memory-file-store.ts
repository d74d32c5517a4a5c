import { Readable } from 'node:stream';
import { assertFileKey, type FileStore, type StoredFile } from './file-store.js';

/**
 * Files in the process's memory: for SQLite `:memory:` (whose data ends with the process
 * too) and tests. The stream is collected, then stored whole, so a failed one leaves nothing.
 */
export class MemoryFileStore implements FileStore {
  private readonly files = new Map<string, Buffer>();

  async put(key: string, stream: Readable): Promise<StoredFile> {
    assertFileKey(key);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
    const bytes = Buffer.concat(chunks);
    this.files.set(key, bytes);
    return { size: bytes.length };
  }

  async get(key: string): Promise<Readable | undefined> {
    assertFileKey(key);
    const bytes = this.files.get(key);
    return bytes ? Readable.from([bytes]) : undefined;
  }

  async delete(key: string): Promise<void> {
    assertFileKey(key);
    this.files.delete(key);
  }

  /** How many files it holds (tests check nothing is left behind). */
  get size(): number {
    return this.files.size;
  }
}
