import { createPublicKey, verify } from 'node:crypto';
import { expect } from 'vitest';
import type { SessionSettings } from '../../src/instances/instance-settings.js';
import {
  readInstanceSettings,
  saveInstanceSettings,
} from '../../src/instances/instance-settings.js';
import { listOutboxEvents } from '../../src/outbox/outbox-store.js';
import type { Scope } from '../../src/platform/scope.js';
import type { TestInstance } from '../helpers/test-instance.js';
import { scopeOn } from '../helpers/test-scope.js';
import { createTestUser } from '../helpers/users.js';

/** A service scope on the suite's instance (for the Frontend API seams no route reaches yet). */
export function scopeOf(t: TestInstance): Scope {
  return scopeOn(t.app, { instance: t.instance, clock: t.clock, baseUrl: 'http://localhost' });
}

/** Sets the suite instance's session settings (the rest of the document is kept). */
export async function setSessionSettings(t: TestInstance, sessions: Partial<SessionSettings>) {
  const current = await readInstanceSettings(t.database.db, t.instanceId);
  await saveInstanceSettings(t.database.db, t.instanceId, { ...current, sessions }, Date.now());
}

/** A new user and an active session of theirs, through the API. */
export async function createUserSession(t: TestInstance) {
  const user = await createTestUser(t.api);
  const session = await t.api.ok('createSession', { body: { user_id: user.id } });
  return { user, session };
}

/** The suite instance's events of `type` (data as recorded), oldest first. */
export async function eventsOf(t: TestInstance, type: string): Promise<any[]> {
  const events = await listOutboxEvents(t.database.db, t.instanceId);
  return events
    .filter((e) => e.event_type === type)
    .map((e) => (typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload).data);
}

/** The header and claims of a JWT, after checking its RS256 signature against the JWKS. */
export async function verifiedClaims(t: TestInstance, jwt: string) {
  const [header, payload, signature] = jwt.split('.') as [string, string, string];
  const decodedHeader = JSON.parse(Buffer.from(header, 'base64url').toString());
  const jwks = await t.api.ok('GetJWKS');
  const jwk = jwks.keys!.find((k: any) => k.kid === decodedHeader.kid) as any;
  expect(jwk, 'the kid is in the JWKS').toBeDefined();
  const key = createPublicKey({ key: { kty: jwk.kty, n: jwk.n, e: jwk.e }, format: 'jwk' });
  const valid = verify(
    'sha256',
    Buffer.from(`${header}.${payload}`),
    key,
    Buffer.from(signature, 'base64url'),
  );
  expect(valid, 'the signature verifies').toBe(true);
  return {
    header: decodedHeader,
    claims: JSON.parse(Buffer.from(payload, 'base64url').toString()),
  };
}
