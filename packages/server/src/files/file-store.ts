import type { Readable } from 'node:stream';

/** What a stored file is: its size in bytes once written. */
export interface StoredFile {
  size: number;
}

/**
 * Where uploaded bytes live (profile images today), apart from the database: rows hold a
 * key, the store holds the bytes. `put` consumes the stream and stores it whole or not at
 * all: a stream that fails (too large, not an image, client gone) leaves nothing behind,
 * and the key is visible to `get` only once complete. Keys are chosen by the server
 * (`<instance>/<image id>`): never a client's file name.
 *
 * On disk by default (`disk-file-store.ts`); in memory for SQLite `:memory:` and tests. An
 * S3-compatible store fits the same three calls (see docs/files.md).
 */
export interface FileStore {
  /** Writes the stream under `key` (replacing nothing: keys are new). Rejects if the stream errors. */
  put(key: string, stream: Readable): Promise<StoredFile>;
  /** The bytes under `key` as a stream, or `undefined` when there is no such file. */
  get(key: string): Promise<Readable | undefined>;
  /** Removes `key`; removing a missing key is not an error. */
  delete(key: string): Promise<void>;
}

/** Keys are `segment/segment`, of letters, digits, `_` and `-`: nothing can climb out of the store. */
const KEY = /^[A-Za-z0-9_-]{1,100}(\/[A-Za-z0-9_-]{1,100}){0,3}$/;

export function assertFileKey(key: string): void {
  if (!KEY.test(key)) throw new Error(`invalid file store key: ${key}`);
}
