import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of a reachable PostgreSQL, or '' when the PostgreSQL suite is skipped. */
    postgresAdminUrl: string;
  }
}

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Finds PostgreSQL for the dialect suites: `DATABASE_URL` if it is a postgres URL, else
 * 127.0.0.1:5432. When none answers, the PostgreSQL suites skip with a clear message,
 * unless `CASTELLAN_REQUIRE_POSTGRES=1` (as in CI), which makes it a failure.
 */
export default async function setup(project: TestProject): Promise<void> {
  const wanted = (process.env.DIALECTS ?? 'sqlite,postgres').split(',');
  const envUrl = process.env.DATABASE_URL;
  const url = envUrl && /^postgres(ql)?:/.test(envUrl) ? envUrl : DEFAULT_URL;
  let reachable = '';
  if (wanted.includes('postgres')) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('select 1');
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
    } finally {
      await client.end().catch(() => {});
    }
  }
  project.provide('postgresAdminUrl', reachable);
}
