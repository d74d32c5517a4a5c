import type { Kysely } from 'kysely';
import type { Db, InstanceEnvironment } from '../db/schema.js';

export interface InterstitialInstance {
  id: string;
  frontend_api: string;
  publishable_key: string;
  environment: InstanceEnvironment;
}

/** The instance a public page names, by its publishable key or its Frontend API host. */
export async function findInstanceForInterstitial(
  db: Kysely<Db>,
  by: { publishableKey: string } | { frontendApi: string },
): Promise<InterstitialInstance | undefined> {
  const query = db
    .selectFrom('instances')
    .select(['id', 'frontend_api', 'publishable_key', 'environment']);
  return (
    'publishableKey' in by
      ? query.where('publishable_key', '=', by.publishableKey)
      : query.where('frontend_api', '=', by.frontendApi)
  ).executeTakeFirst();
}
