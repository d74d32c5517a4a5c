import path from 'node:path';
import { DiskFileStore } from './disk-file-store.js';
import type { FileStore } from './file-store.js';
import { MemoryFileStore } from './memory-file-store.js';

/**
 * The file store beside the database: `<dataDir>/files` (default `./.castellan/files`,
 * the directory that holds the SQLite file and the encryption key; with PostgreSQL too)
 * when the server opens its own database from options; in memory otherwise (SQLite
 * `:memory:`, whose data ends with the process, or an open database handed in by tests).
 */
export function openFileStore(database: { dataDir?: string | undefined } | undefined): FileStore {
  if (!database) return new MemoryFileStore();
  return new DiskFileStore(path.join(database.dataDir ?? '.castellan', 'files'));
}
