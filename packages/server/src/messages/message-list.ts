import type { Scope } from '../platform/scope.js';
import { countMessageRows, listMessageRows, type MessageRow } from './message-store.js';

export interface MessageQuery {
  to?: string;
  channel?: 'email' | 'sms';
  limit: number;
  offset: number;
}

function messageOf(row: MessageRow) {
  return {
    object: 'message' as const,
    id: row.id,
    channel: row.channel,
    slug: row.slug,
    to: row.to_address,
    subject: row.subject,
    body: row.body,
    user_id: row.user_id,
    identification_id: row.identification_id,
    status: row.status,
    created_at: Number(row.created_at),
  };
}

/** The messages an instance sent, newest first (docs/messages.md). */
export async function listMessages(scope: Scope, query: MessageQuery) {
  const filter = { to: query.to, channel: query.channel };
  const [rows, total] = await Promise.all([
    listMessageRows(scope.db, scope.instanceId, filter, query),
    countMessageRows(scope.db, scope.instanceId, filter),
  ]);
  return { data: rows.map(messageOf), total_count: total };
}
