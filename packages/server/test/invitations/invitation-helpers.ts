import { listOutboxEvents } from '../../src/outbox/outbox-store.js';
import type { TestInstance } from '../helpers/test-instance.js';

/** The events of `type` the instance recorded, oldest first, with their data. */
export async function eventsOf(t: TestInstance, type: string): Promise<any[]> {
  const events = await listOutboxEvents(t.database.db, t.instanceId);
  return events
    .filter((e) => e.event_type === type)
    .map((e) => (typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload).data);
}

/** The invitation rows of the instance, straight from the table. */
export function invitationRows(t: TestInstance) {
  return t.database.db
    .selectFrom('invitations')
    .selectAll()
    .where('instance_id', '=', t.instanceId)
    .execute();
}

/** The ticket in an invitation's `url`. */
export function ticketOf(url: string | undefined): string {
  const ticket = new URL(url!).searchParams.get('ticket');
  if (!ticket) throw new Error(`no ticket in ${url}`);
  return ticket;
}
