import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectContract } from '../helpers/contract.js';
import { startTestServer, testDialects, type TestServer } from '../helpers/test-server.js';
import { createTestUser, uniqueEmail } from '../helpers/users.js';

describe.each(testDialects())(
  'GET/PATCH/DELETE /v1/users/{user_id} and metadata (%s)',
  (dialect) => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer(dialect);
    });
    afterAll(async () => server?.close());

    const patch = (id: string, payload: object, headers: Record<string, string> = {}) =>
      server.app.inject({
        method: 'PATCH',
        url: `/v1/users/${id}`,
        headers: { ...server.auth, ...headers },
        payload,
      });

    it('GET an unknown user returns 404 resource_not_found', async () => {
      const res = await server.app.inject({
        url: '/v1/users/user_2x0000000000000000000000000',
        headers: server.auth,
      });
      expect(res.statusCode).toBe(404);
      expect(expectContract('GetUser', res).errors[0].code).toBe('resource_not_found');
    });

    it('PATCH updates every plain field and null clears it', async () => {
      const user = await createTestUser(server, { first_name: 'Old' });
      const res = await patch(user.id, {
        first_name: 'New',
        last_name: 'Name',
        locale: 'fr-FR',
        external_id: `ext-${user.id}`,
        username: `renamed_${Date.now()}`,
        delete_self_enabled: false,
        create_organization_enabled: false,
        create_organizations_limit: 5,
        legal_accepted_at: '2025-01-01T00:00:00Z',
        created_at: '2020-01-01T00:00:00Z',
        bypass_client_trust: true,
        totp_secret: 'JBSWY3DPEHPK3PXP',
        backup_codes: ['abc-123-def'],
      });
      const updated = expectContract('UpdateUser', res);
      expect(res.statusCode).toBe(200);
      expect(updated).toMatchObject({
        first_name: 'New',
        last_name: 'Name',
        locale: 'fr-FR',
        external_id: `ext-${user.id}`,
        delete_self_enabled: false,
        create_organization_enabled: false,
        create_organizations_limit: 5,
        legal_accepted_at: Date.parse('2025-01-01T00:00:00Z'),
        created_at: Date.parse('2020-01-01T00:00:00Z'),
        bypass_client_trust: true,
        totp_enabled: true,
        backup_code_enabled: true,
      });
      expect(updated.updated_at).toBeGreaterThanOrEqual(user.updated_at);
      const cleared = expectContract(
        'UpdateUser',
        await patch(user.id, {
          first_name: null,
          username: null,
          totp_secret: null,
          backup_codes: [],
        }),
      );
      expect(cleared).toMatchObject({
        first_name: null,
        username: null,
        totp_enabled: false,
        backup_code_enabled: false,
      });
      expect(cleared.mfa_disabled_at).toEqual(expect.any(Number));
      const got = expectContract(
        'GetUser',
        await server.app.inject({ url: `/v1/users/${user.id}`, headers: server.auth }),
      );
      expect(got.first_name).toBeNull();
      expect(got.last_name).toBe('Name');
    });

    it("PATCH changes primaries among the user's own verified identifications", async () => {
      const user = await createTestUser(server, {
        email_address: [uniqueEmail(), uniqueEmail(), uniqueEmail()],
        email_address_identification_status: ['verified', 'verified', 'reserved'],
      });
      const second = user.email_addresses[1].id;
      const res = await patch(user.id, { primary_email_address_id: second });
      expect(expectContract('UpdateUser', res).primary_email_address_id).toBe(second);
      const reserved = await patch(user.id, {
        primary_email_address_id: user.email_addresses[2].id,
      });
      expect(reserved.statusCode).toBe(422);
      const other = await createTestUser(server);
      const foreign = await patch(user.id, {
        primary_email_address_id: other.email_addresses[0].id,
      });
      expect(foreign.statusCode).toBe(422);
      expect(expectContract('UpdateUser', foreign).errors[0].meta.param_name).toBe(
        'primary_email_address_id',
      );
    });

    it('PATCH changes the password, with checks unless skipped', async () => {
      const user = await createTestUser(server, {
        password: undefined,
        skip_password_requirement: true,
      });
      expect(user.password_enabled).toBe(false);
      const weak = await patch(user.id, { password: 'password123' });
      expect(weak.statusCode).toBe(422);
      expect(expectContract('UpdateUser', weak).errors[0].code).toBe('form_password_pwned');
      const ok = expectContract(
        'UpdateUser',
        await patch(user.id, { password: 'another-rare-passphrase-7' }),
      );
      expect(ok.password_enabled).toBe(true);
      expect(ok.password_last_updated_at).toEqual(expect.any(Number));
    });

    it('PATCH with a taken username or external ID returns 422 form_identifier_exists', async () => {
      const a = await createTestUser(server, {
        username: `uname_${Date.now()}`,
        external_id: `x-${Date.now()}`,
      });
      const b = await createTestUser(server);
      for (const body of [{ username: a.username.toUpperCase() }, { external_id: a.external_id }]) {
        const res = await patch(b.id, body);
        expect(res.statusCode).toBe(422);
        expect(expectContract('UpdateUser', res).errors[0].code).toBe('form_identifier_exists');
      }
      // Setting a user's own value again is not a conflict.
      expect((await patch(a.id, { username: a.username })).statusCode).toBe(200);
    });

    it('PATCH metadata replaces it on old API versions and is rejected from 2026-05-12', async () => {
      const user = await createTestUser(server, { public_metadata: { a: 1, b: 2 } });
      const old = expectContract('UpdateUser', await patch(user.id, { public_metadata: { c: 3 } }));
      expect(old.public_metadata).toEqual({ c: 3 });
      const res = await patch(
        user.id,
        { public_metadata: { d: 4 } },
        { 'clerk-api-version': '2026-05-12' },
      );
      expect(res.statusCode).toBe(422);
      expect(expectContract('UpdateUser', res).errors[0].meta.param_name).toBe('public_metadata');
    });

    it('PATCH an unknown user returns 404, unknown fields 422, wrong types 422', async () => {
      const missing = await patch('user_2x0000000000000000000000000', { first_name: 'x' });
      expect(missing.statusCode).toBe(404);
      expectContract('UpdateUser', missing);
      const user = await createTestUser(server);
      const unknown = await patch(user.id, { favourite_colour: 'blue' });
      expect(unknown.statusCode).toBe(422);
      expect(expectContract('UpdateUser', unknown).errors[0].code).toBe('form_param_unknown');
      const wrong = await patch(user.id, { delete_self_enabled: 'yes' });
      expect(wrong.statusCode).toBe(422);
      expect(expectContract('UpdateUser', wrong).errors[0].code).toBe('form_param_format_invalid');
    });

    it('PATCH /metadata deep-merges and null removes keys; PUT replaces each field sent', async () => {
      const user = await createTestUser(server, {
        public_metadata: { plan: 'free', prefs: { theme: 'dark', lang: 'en' } },
        private_metadata: { keep: true },
      });
      const merged = expectContract(
        'UpdateUserMetadata',
        await server.app.inject({
          method: 'PATCH',
          url: `/v1/users/${user.id}/metadata`,
          headers: server.auth,
          payload: {
            public_metadata: { plan: 'pro', prefs: { lang: null, tz: 'UTC' } },
            unsafe_metadata: { x: 1 },
          },
        }),
      );
      expect(merged.public_metadata).toEqual({ plan: 'pro', prefs: { theme: 'dark', tz: 'UTC' } });
      expect(merged.private_metadata).toEqual({ keep: true });
      expect(merged.unsafe_metadata).toEqual({ x: 1 });
      const replaced = expectContract(
        'ReplaceUserMetadata',
        await server.app.inject({
          method: 'PUT',
          url: `/v1/users/${user.id}/metadata`,
          headers: server.auth,
          payload: { public_metadata: { only: 'this' } },
        }),
      );
      expect(replaced.public_metadata).toEqual({ only: 'this' });
      expect(replaced.private_metadata).toEqual({ keep: true });
      const big = await server.app.inject({
        method: 'PUT',
        url: `/v1/users/${user.id}/metadata`,
        headers: server.auth,
        payload: { public_metadata: { blob: 'x'.repeat(9000) } },
      });
      expect(big.statusCode).toBe(422);
      expect(expectContract('ReplaceUserMetadata', big).errors[0].code).toBe(
        'form_param_exceeds_allowed_size',
      );
      for (const [method, op] of [
        ['PATCH', 'UpdateUserMetadata'],
        ['PUT', 'ReplaceUserMetadata'],
      ] as const) {
        const res = await server.app.inject({
          method,
          url: '/v1/users/user_2x0000000000000000000000000/metadata',
          headers: server.auth,
          payload: {},
        });
        expect(res.statusCode).toBe(404);
        expectContract(op, res);
      }
    });

    it('DELETE removes the user and its identifiers become free again', async () => {
      const email = uniqueEmail('gone');
      const user = await createTestUser(server, { email_address: [email] });
      const del = await server.app.inject({
        method: 'DELETE',
        url: `/v1/users/${user.id}`,
        headers: server.auth,
      });
      expect(expectContract('DeleteUser', del)).toEqual({
        object: 'user',
        id: user.id,
        deleted: true,
      });
      const get = await server.app.inject({ url: `/v1/users/${user.id}`, headers: server.auth });
      expect(get.statusCode).toBe(404);
      const again = await server.app.inject({
        method: 'DELETE',
        url: `/v1/users/${user.id}`,
        headers: server.auth,
      });
      expect(again.statusCode).toBe(404);
      expectContract('DeleteUser', again);
      await createTestUser(server, { email_address: [email] });
    });
  },
);
