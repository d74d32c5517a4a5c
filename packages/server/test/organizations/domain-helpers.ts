import type { SuccessBody } from '@castellan/contract';
import { parseJson } from '../../src/db/values.js';
import { writeSection } from '../../src/instances/instance-settings-writes.js';
import { listOutboxEvents } from '../../src/outbox/outbox-store.js';
import { createTestOrganization, enableOrganizations } from '../helpers/organizations.js';
import type { TestInstance } from '../helpers/test-instance.js';
import { scopeOn } from '../helpers/test-scope.js';

export type Domain = SuccessBody<'CreateOrganizationDomain'>;

let counter = 0;

/** A domain name no other test uses. */
export function uniqueDomain(prefix = 'acme'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}.test`;
}

/** A scope on the suite's instance, for the service calls and settings no API reaches. */
export function scopeOf(t: TestInstance) {
  return scopeOn(t.app, { ...t, baseUrl: 'http://localhost' });
}

/** Organizations and their domains on, with every enrollment mode; other settings as given. */
export async function enableDomains(
  t: TestInstance,
  settings: Record<string, unknown> = {},
): Promise<void> {
  await enableOrganizations(t.api, {
    domains_enabled: true,
    domains_enrollment_modes: ['automatic_invitation', 'automatic_suggestion'],
    ...settings,
  });
}

/** `max_allowed_domains` has no API: it is written to the settings as the config file would. */
export async function setMaxAllowedDomains(t: TestInstance, max: number): Promise<void> {
  await writeSection(scopeOf(t), 'organizations', { max_allowed_domains: max });
}

export async function createTestDomain(
  t: TestInstance,
  organizationId: string,
  body: Record<string, unknown> = {},
): Promise<Domain> {
  return t.api.ok('CreateOrganizationDomain', {
    params: { organization_id: organizationId },
    body: { name: uniqueDomain(), enrollment_mode: 'manual_invitation', ...body },
  });
}

export { createTestOrganization };

/** The `data` of the instance's outbox events of one type, oldest first. */
export async function eventsOf(t: TestInstance, type: string): Promise<Record<string, unknown>[]> {
  const events = await listOutboxEvents(t.database.db, t.instanceId);
  return events
    .filter((e) => e.event_type === type)
    .map((e) => parseJson<{ data: Record<string, unknown> }>(e.payload).data);
}
