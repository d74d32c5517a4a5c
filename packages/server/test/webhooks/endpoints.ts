import type { Database } from '../../src/db/database.js';
import { generateId } from '../../src/ids/generate-id.js';
import type { SecretBox } from '../../src/secrets/secret-box.js';
import { generateEndpointSecret, sealEndpointSecret } from '../../src/webhooks/webhook-secrets.js';

export interface TestEndpointInput {
  instanceId: string;
  url: string;
  filterTypes?: string[] | null;
  disabled?: boolean;
  secret?: string;
  previousSecret?: { secret: string; expiresAt: number };
  now?: number;
}

export interface TestEndpoint {
  id: string;
  secret: string;
}

/**
 * Inserts an instance's webhook app (if missing) and an endpoint straight into the tables,
 * with its secret sealed as the endpoint API seals it. Stands in for that API until it is
 * merged (then tests may create endpoints through it).
 */
export async function insertTestEndpoint(
  database: Database,
  secrets: SecretBox,
  input: TestEndpointInput,
): Promise<TestEndpoint> {
  const { db } = database;
  const now = input.now ?? Date.now();
  let app = await db
    .selectFrom('webhook_apps')
    .select('id')
    .where('instance_id', '=', input.instanceId)
    .executeTakeFirst();
  if (!app) {
    app = { id: generateId('app', now) };
    await db
      .insertInto('webhook_apps')
      .values({ id: app.id, instance_id: input.instanceId, created_at: now, updated_at: now })
      .execute();
  }
  const id = generateId('ep', now);
  const secret = input.secret ?? generateEndpointSecret();
  await db
    .insertInto('webhook_endpoints')
    .values({
      id,
      instance_id: input.instanceId,
      app_id: app.id,
      uid: null,
      url: input.url,
      description: '',
      version: 1,
      rate_limit: null,
      disabled: input.disabled ?? false,
      disabled_reason: input.disabled ? 'manual' : null,
      filter_types: input.filterTypes ? JSON.stringify(input.filterTypes) : null,
      channels: null,
      metadata: '{}',
      secret: sealEndpointSecret(secrets, id, 'secret', secret),
      previous_secret: input.previousSecret
        ? sealEndpointSecret(secrets, id, 'previous_secret', input.previousSecret.secret)
        : null,
      previous_secret_expires_at: input.previousSecret?.expiresAt ?? null,
      failing_since: null,
      lease_until: null,
      lease_owner: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { id, secret };
}

/** An endpoint's row as the worker left it. */
export function readEndpoint(database: Database, id: string) {
  return database.db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

/** An endpoint's deliveries in outbox order. */
export function listDeliveries(database: Database, endpointId: string) {
  return database.db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('endpoint_id', '=', endpointId)
    .orderBy('outbox_id')
    .execute();
}

/** An endpoint's attempts in the order they were made. */
export function listAttempts(database: Database, endpointId: string) {
  return database.db
    .selectFrom('webhook_attempts')
    .selectAll()
    .where('endpoint_id', '=', endpointId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}
