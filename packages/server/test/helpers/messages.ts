import { expect } from 'vitest';
import type { TestInstance } from './test-instance.js';

export interface SentMessage {
  object: 'message';
  id: string;
  channel: 'email' | 'sms';
  slug: string;
  to: string;
  subject: string | null;
  body: string;
  user_id: string | null;
  identification_id: string | null;
  status: string;
  created_at: number;
}

/** `GET /castellan/messages` with the instance's key: what it sent, newest first. */
export async function listMessages(
  t: Pick<TestInstance, 'app' | 'auth'>,
  query: Record<string, string | number> = {},
): Promise<{ data: SentMessage[]; total_count: number }> {
  const search = new URLSearchParams(
    Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]),
  ).toString();
  const response = await t.app.inject({
    method: 'GET',
    url: `/castellan/messages${search ? `?${search}` : ''}`,
    headers: t.auth,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

/** The code in the newest message sent to `to`. */
export async function lastCodeSentTo(
  t: Pick<TestInstance, 'app' | 'auth'>,
  to: string,
): Promise<string> {
  const { data } = await listMessages(t, { to, limit: 1 });
  const code = /\b(\d{6})\b/.exec(data[0]?.body ?? '')?.[1];
  expect(code, `no code sent to ${to}`).toBeDefined();
  return code!;
}
