import { createInstance } from '../../src/instances/instance-service.js';
import { Api } from '../helpers/api.js';
import type { TestInstance } from '../helpers/test-instance.js';

let made = 0;

/**
 * A production instance beside a suite's development one, on the same worker server:
 * its Frontend API is `clerk.<domain>` and its keys are live ones.
 */
export async function useProductionInstance(
  t: TestInstance,
): Promise<{ api: Api; instanceId: string; domain: string }> {
  made += 1;
  const domain = `prod-${process.pid}-${made}.example.com`;
  const { instance, secretKey } = await createInstance(t.database.db, {
    name: domain,
    frontendApi: `clerk.${domain}`,
    environment: 'production',
    secrets: t.app.castellan.secrets,
  });
  return { api: new Api(t.app, secretKey), instanceId: instance.id, domain };
}
