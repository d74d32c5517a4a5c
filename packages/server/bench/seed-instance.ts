import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { bootstrapDefaultInstance } from '../src/instances/instance-service.js';
import { toEncryptionKeyRing } from '../src/secrets/encryption-key.js';
import { openSecretBox } from '../src/secrets/open-secret-box.js';

/** The default instance's pinned secret key in every bench database. */
export const BENCH_SECRET_KEY = 'sk_test_CastellanBenchmark0000000000000000';
/** The encryption key of every bench database (the server gets it as CASTELLAN_ENCRYPTION_KEY). */
export const BENCH_ENCRYPTION_KEY = Buffer.alloc(32, 'castellan-bench').toString('base64');

/** Tables the seeders fill (their secondary indexes are dropped during the load). */
export const SEEDED_TABLES = [
  'users',
  'email_addresses',
  'phone_numbers',
  'user_search',
  'user_public_data',
  'organizations',
  'organization_memberships',
] as const;

/**
 * Creates the schema and the default instance exactly as `castellan serve` does on first
 * start (the server's own migrations and bootstrap), and returns the instance id.
 */
export async function bootstrapBenchInstance(url: string): Promise<string> {
  const database = openDatabase({ url });
  try {
    await migrateToLatest(database.db);
    const { box } = await openSecretBox(database.db, toEncryptionKeyRing(BENCH_ENCRYPTION_KEY));
    const { instance } = await bootstrapDefaultInstance(database.db, {
      pinnedSecretKey: BENCH_SECRET_KEY,
      frontendApi: 'localhost:3210',
      secrets: box,
    });
    return instance.id;
  } finally {
    await database.close();
  }
}

/** Rows of a table in its column order; a column the seed row lacks is an error, not a NULL. */
export function rowValues(
  columns: readonly string[],
  row: object,
  bool: (v: boolean) => unknown,
): unknown[] {
  const record = row as Record<string, unknown>;
  return columns.map((c) => {
    const v = record[c];
    if (v === undefined) throw new Error(`seed row has no value for column ${c}`);
    return typeof v === 'boolean' ? bool(v) : v;
  });
}

/** Logs progress at most every 2 s. */
export function progressLogger(label: string, total: number) {
  const started = performance.now();
  let last = started;
  return (done: number) => {
    const now = performance.now();
    if (now - last < 2000 && done < total) return;
    last = now;
    const rate = Math.round(done / ((now - started) / 1000));
    process.stdout.write(
      `  ${label}: ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} (${rate}/s)\n`,
    );
  };
}
