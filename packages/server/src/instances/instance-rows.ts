import { toBool } from '../db/values.js';
import type { Instance } from './instance-service.js';
import type { InstanceRow } from './instance-store.js';

/** The instance as services see it; `secretKeyHint` names the key in use (or the newest). */
export function toInstance(row: InstanceRow, secretKeyHint: string): Instance {
  return {
    id: row.id,
    name: row.name,
    publishableKey: row.publishable_key,
    frontendApi: row.frontend_api,
    secretKeyHint,
    environment: row.environment,
    isDefault: toBool(row.is_default),
    createdAt: row.created_at,
  };
}
