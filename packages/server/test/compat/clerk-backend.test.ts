import { createSign } from 'node:crypto';
import { createClerkClient, verifyToken, type ClerkClient } from '@clerk/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSigningKey } from '../../src/instances/signing-keys.js';
import { startTestServer, testDialects, type TestServer } from '../helpers/test-server.js';
import { uniqueEmail } from '../helpers/users.js';

/** The official client, unchanged, against a listening Castellan (COMPAT.md). */
describe.each(testDialects())('@clerk/backend against Castellan (%s)', (dialect) => {
  let server: TestServer;
  let clerk: ClerkClient;
  let apiUrl: string;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    apiUrl = await server.app.listen({ port: 0, host: '127.0.0.1' });
    clerk = createClerkClient({ secretKey: server.secretKey, apiUrl });
  });
  afterAll(async () => server?.close());

  it('creates, gets, lists with filters, counts, updates, merges metadata and deletes users', async () => {
    const email = uniqueEmail('sdk');
    const created = await clerk.users.createUser({
      emailAddress: [email],
      password: 'an-uncommon-sdk-passphrase-1',
      firstName: 'Sdk',
      lastName: 'User',
      username: `sdk_${Date.now()}`,
      externalId: `ext-${email}`,
      publicMetadata: { plan: 'free', nested: { a: 1 } },
    });
    expect(created.id).toMatch(/^user_/);
    expect(created.firstName).toBe('Sdk');
    expect(created.primaryEmailAddress?.emailAddress).toBe(email);
    expect(created.emailAddresses[0]?.verification?.status).toBe('verified');
    expect(created.passwordEnabled).toBe(true);

    const got = await clerk.users.getUser(created.id);
    expect(got.id).toBe(created.id);
    expect(got.externalId).toBe(`ext-${email}`);

    await clerk.users.createUser({
      emailAddress: [uniqueEmail('other')],
      password: 'an-uncommon-sdk-passphrase-2',
    });
    const filtered = await clerk.users.getUserList({ emailAddress: [email, 'nobody@example.com'] });
    expect(filtered.data.map((u) => u.id)).toEqual([created.id]);
    expect(filtered.totalCount).toBe(1);
    const all = await clerk.users.getUserList({ limit: 10, orderBy: '-created_at' });
    expect(all.data).toHaveLength(2);
    expect(all.totalCount).toBe(2);
    const searched = await clerk.users.getUserList({ query: 'sdk' });
    expect(searched.data.map((u) => u.id)).toContain(created.id);
    expect(await clerk.users.getCount()).toBe(2);
    expect(await clerk.users.getCount({ query: email })).toBe(1);

    const updated = await clerk.users.updateUser(created.id, {
      firstName: 'Renamed',
      lastName: null as never,
    });
    expect(updated.firstName).toBe('Renamed');

    const merged = await clerk.users.updateUserMetadata(created.id, {
      publicMetadata: { plan: 'pro', nested: { b: 2 } },
      privateMetadata: { secret: 's' },
    });
    expect(merged.publicMetadata).toEqual({ plan: 'pro', nested: { a: 1, b: 2 } });
    expect(merged.privateMetadata).toEqual({ secret: 's' });

    // updateUser with metadata goes to PUT …/metadata (ReplaceUserMetadata).
    const replaced = await clerk.users.updateUser(created.id, { publicMetadata: { only: true } });
    expect(replaced.publicMetadata).toEqual({ only: true });

    const deleted = await clerk.users.deleteUser(created.id);
    expect(deleted.id).toBe(created.id);
    expect((deleted as unknown as { deleted: boolean }).deleted).toBe(true);
  });

  it('surfaces Clerk errors as ClerkAPIResponseError with codes and the trace id', async () => {
    const email = uniqueEmail('dup');
    await clerk.users.createUser({
      emailAddress: [email],
      password: 'an-uncommon-sdk-passphrase-3',
    });
    const error = await clerk.users
      .createUser({ emailAddress: [email], password: 'an-uncommon-sdk-passphrase-3' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 422, clerkError: true });
    const apiError = error as {
      errors: { code: string; meta?: { paramName?: string } }[];
      clerkTraceId?: string;
    };
    expect(apiError.errors[0]?.code).toBe('form_identifier_exists');
    expect(apiError.errors[0]?.meta?.paramName).toBe('email_address');
    expect(apiError.clerkTraceId).toMatch(/^[0-9a-f]{32}$/);

    const missing = await clerk.users
      .getUser('user_2x0000000000000000000000000')
      .catch((e: unknown) => e);
    expect(missing).toMatchObject({ status: 404 });

    const wrongKey = createClerkClient({ secretKey: 'sk_test_notTheRightKeyAtAll', apiUrl });
    const unauthorized = await wrongKey.users.getCount().catch((e: unknown) => e);
    expect(unauthorized).toMatchObject({ status: 401 });
  });

  it('verifyToken accepts a token signed with the instance key, loading the JWKS with the secret key', async () => {
    const key = await server.database.db
      .selectFrom('signing_keys')
      .selectAll()
      .executeTakeFirstOrThrow();
    const now = Math.floor(Date.now() / 1000);
    const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const unsigned = `${b64({ alg: 'RS256', kid: key.kid, typ: 'JWT' })}.${b64({
      sub: 'user_123',
      sid: 'sess_123',
      iss: 'http://localhost:3210',
      iat: now,
      nbf: now - 5,
      exp: now + 60,
    })}`;
    // The private key is stored sealed (ADR 0003): open it as the server would.
    const signature = createSign('RSA-SHA256')
      .update(unsigned)
      .sign(openSigningKey(server.app.castellan.secrets, key))
      .toString('base64url');
    const claims = await verifyToken(`${unsigned}.${signature}`, {
      secretKey: server.secretKey,
      apiUrl,
    });
    expect(claims.sub).toBe('user_123');
    const tampered = `${unsigned.slice(0, -2)}xx.${signature}`;
    await expect(verifyToken(tampered, { secretKey: server.secretKey, apiUrl })).rejects.toThrow();
  });
});
