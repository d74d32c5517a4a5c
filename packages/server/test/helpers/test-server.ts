import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createServer, type CreateServerOptions } from '../../src/app.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { Api } from './api.js';

export type DialectName = 'sqlite' | 'postgres';

export const TEST_SECRET_KEY = 'sk_test_castellanTestSecretKey0123456789abcdef';
/** The encryption key (ADR 0003) of every test server: base64 of 32 bytes. */
export const TEST_ENCRYPTION_KEY = Buffer.alloc(32, 'castellan-test-kek').toString('base64');

/** The dialects the suites run on: SQLite always, PostgreSQL when global setup found it. */
export function testDialects(): DialectName[] {
  const wanted = (process.env.DIALECTS ?? 'sqlite,postgres').split(',');
  const out: DialectName[] = [];
  if (wanted.includes('sqlite')) out.push('sqlite');
  if (wanted.includes('postgres') && inject('postgresAdminUrl')) out.push('postgres');
  return out;
}

export interface TestDatabase {
  database: Database;
  url: string;
  drop(): Promise<void>;
}

async function adminQuery(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: inject('postgresAdminUrl') });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/**
 * A fresh, empty database: a SQLite file in a temp dir, or a new PostgreSQL database named
 * after this test run (global setup drops the run's databases at the end).
 */
export async function createTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'castellan-test-'));
    const url = path.join(dir, 'test.sqlite');
    const database = openDatabase({ url });
    return { database, url, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `castellan_test_${inject('testRunId')}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(inject('postgresAdminUrl'));
  url.pathname = `/${name}`;
  const database = openDatabase({ url: url.toString(), poolSize: 5 });
  return {
    database,
    url: url.toString(),
    drop: () => adminQuery(`drop database if exists ${name} with (force)`),
  };
}

export interface TestServer {
  app: FastifyInstance;
  database: Database;
  dialect: DialectName;
  secretKey: string;
  auth: { authorization: string };
  api: Api;
  close(): Promise<void>;
}

/**
 * A server of its own on a fresh database, for the few tests that break or restart it
 * (most suites share their worker's server through `useTestInstance`); `close()` drops
 * everything.
 */
export async function startTestServer(
  dialect: DialectName,
  options: Pick<CreateServerOptions, 'files' | 'publicUrl' | 'outbound'> = {},
): Promise<TestServer> {
  const testDb = await createTestDatabase(dialect);
  const app = await createServer({
    database: testDb.database,
    secretKey: TEST_SECRET_KEY,
    encryptionKey: TEST_ENCRYPTION_KEY,
    logger: false,
    ...options,
  });
  return {
    app,
    database: testDb.database,
    dialect,
    secretKey: TEST_SECRET_KEY,
    auth: { authorization: `Bearer ${TEST_SECRET_KEY}` },
    api: new Api(app, TEST_SECRET_KEY),
    close: async () => {
      await app.close();
      await testDb.database.close().catch(() => {}); // a test may have closed it on purpose
      await testDb.drop();
    },
  };
}
