import type { Kysely } from 'kysely';
import type { Db } from '../db/schema.js';

type Listener = () => void;

/** Who waits for events committed to each database (the webhook worker of that server). */
const listeners = new WeakMap<Kysely<Db>, Set<Listener>>();

/**
 * Wakes whoever waits for new outbox events of `db`: called after a write that recorded
 * events has committed, so delivery starts at once instead of at the next poll. A lost
 * signal (another process wrote) only waits for the poll.
 */
export function signalCommittedEvents(db: Kysely<Db>): void {
  const set = listeners.get(db);
  if (set) for (const listener of set) listener();
}

/** Calls `listener` after every write to `db` in this process that recorded events; returns the unsubscribe. */
export function onCommittedEvents(db: Kysely<Db>, listener: Listener): () => void {
  let set = listeners.get(db);
  if (!set) listeners.set(db, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}
