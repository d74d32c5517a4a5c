import type { SuccessBody } from '@castellan/contract';
import type { Api } from './api.js';

let counter = 0;

/** Turns organizations on for the test instance (Clerk's default is off). */
export async function enableOrganizations(
  api: Api,
  settings: Record<string, unknown> = {},
): Promise<void> {
  await api.ok('UpdateInstanceOrganizationSettings', { body: { enabled: true, ...settings } });
}

/** Creates an organization through the API (checked against the contract) and returns it. */
export async function createTestOrganization(
  api: Api,
  body: Record<string, unknown> = {},
): Promise<SuccessBody<'CreateOrganization'>> {
  counter += 1;
  return api.ok('CreateOrganization', {
    body: { name: `Org ${process.pid} ${counter}`, ...body },
  });
}
