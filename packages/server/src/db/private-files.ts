import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';

/** Windows has no owner/group/other modes: chmod there only toggles read-only. */
const POSIX = process.platform !== 'win32';
const GROUP_OR_OTHER = 0o077;

/** Drops group and other permission bits, keeping the owner's. */
function tighten(target: string): void {
  if (!POSIX) return;
  const current = statSync(target).mode & 0o777;
  if (current & GROUP_OR_OTHER) chmodSync(target, current & ~GROUP_OR_OTHER);
}

/**
 * The data directory holds the database and the encryption key: only its owner may list
 * or enter it. Created 0700; an existing one (made 0755 by an earlier version) is
 * tightened on every start.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  tighten(dir);
}

/** Creates missing parent directories 0700, leaving existing ones (it may be /tmp) alone. */
export function ensureParentDirs(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/**
 * Makes sure `file` exists and only its owner can read or write it: created empty with
 * 0600, or tightened when an earlier version left it 0644. SQLite gives the `-wal` and
 * `-shm` files it creates the database file's mode, so this covers them from then on.
 */
export function ensurePrivateFile(file: string): void {
  try {
    closeSync(openSync(file, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  tighten(file);
}

/** Tightens `file` to 0600 if it exists (a `-wal`/`-shm` left by an earlier version). */
export function tightenPrivateFile(file: string): void {
  try {
    tighten(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
