import type { OperationId, RequestParams } from '@castellan/contract';
import * as OTPAuth from 'otpauth';
import { expect } from 'vitest';
import {
  saveInstanceSettings,
  type UserLockoutSettings,
} from '../../../src/instances/instance-settings.js';
import { listOutboxEvents } from '../../../src/outbox/outbox-store.js';
import type { TestInstance } from '../../helpers/test-instance.js';

/** Lowers (or turns off) the suite instance's lockout, through the settings store. */
export async function setLockout(t: TestInstance, lockout: Partial<UserLockoutSettings>) {
  await saveInstanceSettings(
    t.database.db,
    t.instanceId,
    { attack_protection: { user_lockout: lockout } },
    Date.now(),
  );
}

/**
 * Calls an operation that must answer Clerk's `user_locked` (403). The spec does not list
 * 403 for the verify operations, so the Api helper's contract check cannot take it: the
 * envelope is checked here instead. Returns `meta.lockout_expires_in_seconds`.
 */
export async function expectUserLocked<Id extends OperationId>(
  t: TestInstance,
  operationId: Id,
  params: RequestParams<Id>,
  body: Record<string, unknown>,
): Promise<number | null> {
  const response = await t.app.inject({
    method: 'POST',
    url: t.api.pathOf(operationId, params),
    headers: { ...t.auth, 'content-type': 'application/json' },
    payload: JSON.stringify(body),
  });
  expect(response.statusCode, response.body).toBe(403);
  const parsed = response.json() as {
    errors: {
      code: string;
      message: string;
      long_message: string;
      meta: Record<string, unknown>;
    }[];
    clerk_trace_id: string;
  };
  expect(parsed.clerk_trace_id).toMatch(/^[0-9a-f]{32}$/);
  expect(parsed.errors).toHaveLength(1);
  expect(parsed.errors[0]).toMatchObject({ code: 'user_locked', message: 'Account locked' });
  return parsed.errors[0]!.meta.lockout_expires_in_seconds as number | null;
}

/** The `user.updated` events recorded for one user, oldest first. */
export async function updatedEventsOf(t: TestInstance, userId: string) {
  const events = await listOutboxEvents(t.database.db, t.instanceId);
  return events
    .map((e) => ({
      type: e.event_type,
      data: (typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload).data,
    }))
    .filter((e) => e.type === 'user.updated' && e.data?.id === userId);
}

/** The code an authenticator app shows for `secret` at `timestamp`, by the otpauth library. */
export function authenticatorCode(secret: string, timestamp: number): string {
  const totp = new OTPAuth.TOTP({
    secret: OTPAuth.Secret.fromBase32(secret),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
  });
  return totp.generate({ timestamp });
}

export const UNKNOWN_USER = 'user_2x0000000000000000000000000';
