import { expect } from 'vitest';
import { listOutboxEvents } from '../../src/outbox/outbox-store.js';
import type { TestInstance } from '../helpers/test-instance.js';

/** The ticket in an invitation's accept link (`…/v1/tickets/accept?ticket=<token>`). */
export function ticketOf(url: string | null | undefined): string {
  expect(url, 'the invitation has an accept link').toBeTruthy();
  const ticket = new URL(url!).searchParams.get('ticket');
  expect(ticket).toBeTruthy();
  return ticket!;
}

/** The suite instance's events of `type` (data as recorded), oldest first. */
export async function eventsOf(t: TestInstance, type: string): Promise<any[]> {
  const events = await listOutboxEvents(t.database.db, t.instanceId);
  return events
    .filter((e) => e.event_type === type)
    .map((e) => (typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload).data);
}

/** A member of `organizationId` with `role`, returned as the user. */
export async function addTestMember(
  t: TestInstance,
  organizationId: string,
  userId: string,
  role = 'org:member',
): Promise<void> {
  await t.api.ok('CreateOrganizationMembership', {
    params: { organization_id: organizationId },
    body: { user_id: userId, role },
  });
}
