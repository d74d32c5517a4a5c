import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { bundleServer } from '../build.mjs';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of a reachable PostgreSQL, or '' when the PostgreSQL suite is skipped. */
    postgresAdminUrl: string;
    /** Names this run's PostgreSQL databases, so concurrent runs never touch each other's. */
    testRunId: string;
    /** The CLI, bundled once for the run: the CLI tests spawn it (faster than tsx each time). */
    cliPath: string;
  }
}

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Finds PostgreSQL for the dialect suites: `DATABASE_URL` if it is a postgres URL, else
 * 127.0.0.1:5432. When none answers, the PostgreSQL suites skip with a clear message,
 * unless `CASTELLAN_REQUIRE_POSTGRES=1` (as in CI), which makes it a failure. At the end,
 * drops the databases this run's workers made.
 */
export default async function setup(project: TestProject) {
  const wanted = (process.env.DIALECTS ?? 'sqlite,postgres').split(',');
  const envUrl = process.env.DATABASE_URL;
  const url = envUrl && /^postgres(ql)?:/.test(envUrl) ? envUrl : DEFAULT_URL;
  const runId = randomBytes(4).toString('hex');
  let reachable = '';
  if (wanted.includes('postgres')) {
    try {
      await withClient(url, (client) => client.query('select 1'));
      reachable = url;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (process.env.CASTELLAN_REQUIRE_POSTGRES === '1') {
        throw new Error(
          `PostgreSQL is required (CASTELLAN_REQUIRE_POSTGRES=1) but ${url} is unreachable: ${reason}`,
        );
      }
      console.warn(
        `\n*** PostgreSQL suite SKIPPED: ${url} is unreachable (${reason}). Set DATABASE_URL to run it. ***\n`,
      );
    }
  }
  project.provide('postgresAdminUrl', reachable);
  project.provide('testRunId', runId);
  // Inside the package, so the bundle finds its dependencies in node_modules.
  const bundleDir = fileURLToPath(new URL(`../.test-dist/${runId}/`, import.meta.url));
  await bundleServer(bundleDir);
  project.provide('cliPath', `${bundleDir}cli.js`);

  return async () => {
    rmSync(bundleDir, { recursive: true, force: true });
    if (!reachable) return;
    await withClient(reachable, async (client) => {
      const { rows } = await client.query<{ datname: string }>(
        'select datname from pg_database where datname like $1',
        [`castellan_test_${runId}_%`],
      );
      for (const { datname } of rows) {
        await client.query(`drop database if exists "${datname}" with (force)`);
      }
    });
  };
}
