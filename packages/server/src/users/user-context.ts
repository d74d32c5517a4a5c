import type { Kysely } from 'kysely';
import type { DialectName } from '../db/dialect.js';
import type { Db } from '../db/schema.js';
import type { RequestContext } from '../outbox/outbox-store.js';

/** What every user operation needs: the database, its dialect, the caller's instance. */
export interface UserScope {
  db: Kysely<Db>;
  dialect: DialectName;
  instanceId: string;
  request?: RequestContext | undefined;
}
