import { beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../helpers/api.js';
import { useTestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser, uniqueEmail } from '../helpers/users.js';

const UNKNOWN_USER = 'user_2x0000000000000000000000000';

describe.each(testDialects())(
  'GET/PATCH/DELETE /v1/users/{user_id} and metadata (%s)',
  (dialect) => {
    let api: Api;
    beforeAll(async () => {
      ({ api } = await useTestInstance(dialect));
    });

    const patch = (id: string, body: Record<string, unknown>, headers?: Record<string, string>) =>
      api.call('UpdateUser', {
        params: { user_id: id },
        rawBody: body,
        ...(headers ? { headers } : {}),
      });

    it('GET an unknown user returns 404 resource_not_found', async () => {
      const body = await api.fail(
        'GetUser',
        { params: { user_id: UNKNOWN_USER } },
        404,
        'resource_not_found',
      );
      expect(body.errors[0]!.long_message).toBe(`No user was found with id ${UNKNOWN_USER}.`);
    });

    it('PATCH updates every plain field and null clears it', async () => {
      const user = await createTestUser(api, { first_name: 'Old' });
      const updated = await api.ok('UpdateUser', {
        params: { user_id: user.id },
        body: {
          first_name: 'New',
          last_name: 'Name',
          locale: 'fr-FR',
          external_id: `ext-${user.id}`,
          username: `renamed_${process.pid}`,
          delete_self_enabled: false,
          create_organization_enabled: false,
          create_organizations_limit: 5,
          legal_accepted_at: '2025-01-01T00:00:00Z',
          created_at: '2020-01-01T00:00:00Z',
          bypass_client_trust: true,
          totp_secret: 'JBSWY3DPEHPK3PXP',
          backup_codes: ['abc-123-def'],
        },
      });
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
      const cleared = await api.ok('UpdateUser', {
        params: { user_id: user.id },
        body: { first_name: null, username: null, totp_secret: null, backup_codes: [] },
      });
      expect(cleared).toMatchObject({
        first_name: null,
        username: null,
        totp_enabled: false,
        backup_code_enabled: false,
      });
      expect(cleared.mfa_disabled_at).toEqual(expect.any(Number));
      const got = await api.ok('GetUser', { params: { user_id: user.id } });
      expect(got.first_name).toBeNull();
      expect(got.last_name).toBe('Name');
    });

    it("PATCH changes primaries among the user's own verified identifications", async () => {
      const user = await createTestUser(api, {
        email_address: [uniqueEmail(), uniqueEmail(), uniqueEmail()],
        email_address_identification_status: ['verified', 'verified', 'reserved'],
      });
      const second = user.email_addresses[1]!.id;
      const moved = await api.ok('UpdateUser', {
        params: { user_id: user.id },
        body: { primary_email_address_id: second },
      });
      expect(moved.primary_email_address_id).toBe(second);
      const reserved = await api.fail(
        'UpdateUser',
        {
          params: { user_id: user.id },
          body: { primary_email_address_id: user.email_addresses[2]!.id },
        },
        422,
        'form_param_value_invalid',
      );
      expect(reserved.errors[0]!.long_message).toMatch(/is not verified/);
      const other = await createTestUser(api);
      const foreign = await api.fail(
        'UpdateUser',
        {
          params: { user_id: user.id },
          body: { primary_email_address_id: other.email_addresses[0]!.id },
        },
        422,
        'form_param_value_invalid',
      );
      expect(foreign.errors[0]!.meta).toEqual({ param_name: 'primary_email_address_id' });
    });

    it('PATCH changes the password, with checks unless skipped', async () => {
      const user = await createTestUser(api, {
        password: undefined,
        skip_password_requirement: true,
      });
      expect(user.password_enabled).toBe(false);
      await api.fail(
        'UpdateUser',
        { params: { user_id: user.id }, body: { password: 'password123' } },
        422,
        'form_password_pwned',
      );
      const ok = await api.ok('UpdateUser', {
        params: { user_id: user.id },
        body: { password: 'another-rare-passphrase-7' },
      });
      expect(ok.password_enabled).toBe(true);
      expect(ok.password_last_updated_at).toEqual(expect.any(Number));
    });

    it('PATCH with a taken username or external ID returns 422 form_identifier_exists', async () => {
      const a = await createTestUser(api, {
        username: `uname_${process.pid}`,
        external_id: `x-${process.pid}`,
      });
      const b = await createTestUser(api);
      for (const [param, body] of [
        ['username', { username: a.username!.toUpperCase() }],
        ['external_id', { external_id: a.external_id }],
      ] as const) {
        const error = await api.fail(
          'UpdateUser',
          { params: { user_id: b.id }, body },
          422,
          'form_identifier_exists',
        );
        expect(error.errors[0]!.meta).toEqual({ param_name: param });
      }
      // Setting a user's own value again is not a conflict.
      await api.ok('UpdateUser', { params: { user_id: a.id }, body: { username: a.username } });
    });

    it('PATCH metadata replaces it on old API versions and is rejected from 2026-05-12', async () => {
      const user = await createTestUser(api, { public_metadata: { a: 1, b: 2 } });
      const old = await api.ok('UpdateUser', {
        params: { user_id: user.id },
        body: { public_metadata: { c: 3 } },
      });
      expect(old.public_metadata).toEqual({ c: 3 });
      const res = await patch(
        user.id,
        { public_metadata: { d: 4 } },
        { 'clerk-api-version': '2026-05-12' },
      );
      expect(res.status).toBe(422);
      expect(res.body.errors[0].meta.param_name).toBe('public_metadata');
      expect((await api.ok('GetUser', { params: { user_id: user.id } })).public_metadata).toEqual({
        c: 3,
      });
    });

    it('PATCH an unknown user returns 404, unknown fields 422, wrong types 422', async () => {
      await api.fail(
        'UpdateUser',
        { params: { user_id: UNKNOWN_USER }, body: { first_name: 'x' } },
        404,
        'resource_not_found',
      );
      const user = await createTestUser(api);
      const unknown = await patch(user.id, { favourite_colour: 'blue' });
      expect(unknown.status).toBe(422);
      expect(unknown.body.errors[0]).toMatchObject({
        code: 'form_param_unknown',
        meta: { param_name: 'favourite_colour' },
      });
      const wrong = await patch(user.id, { delete_self_enabled: 'yes' });
      expect(wrong.status).toBe(422);
      expect(wrong.body.errors[0]).toMatchObject({
        code: 'form_param_format_invalid',
        meta: { param_name: 'delete_self_enabled' },
      });
    });

    it('PATCH /metadata deep-merges and null removes keys; PUT replaces each field sent', async () => {
      const user = await createTestUser(api, {
        public_metadata: { plan: 'free', prefs: { theme: 'dark', lang: 'en' } },
        private_metadata: { keep: true },
      });
      const merged = await api.ok('UpdateUserMetadata', {
        params: { user_id: user.id },
        body: {
          public_metadata: { plan: 'pro', prefs: { lang: null, tz: 'UTC' } },
          unsafe_metadata: { x: 1 },
        },
      });
      expect(merged.public_metadata).toEqual({ plan: 'pro', prefs: { theme: 'dark', tz: 'UTC' } });
      expect(merged.private_metadata).toEqual({ keep: true });
      expect(merged.unsafe_metadata).toEqual({ x: 1 });
      const replaced = await api.ok('ReplaceUserMetadata', {
        params: { user_id: user.id },
        body: { public_metadata: { only: 'this' } },
      });
      expect(replaced.public_metadata).toEqual({ only: 'this' });
      expect(replaced.private_metadata).toEqual({ keep: true });
      await api.fail(
        'ReplaceUserMetadata',
        { params: { user_id: user.id }, body: { public_metadata: { blob: 'x'.repeat(9000) } } },
        422,
        'form_param_exceeds_allowed_size',
      );
      expect((await api.ok('GetUser', { params: { user_id: user.id } })).public_metadata).toEqual({
        only: 'this',
      });
      for (const op of ['UpdateUserMetadata', 'ReplaceUserMetadata'] as const) {
        await api.fail(
          op,
          { params: { user_id: UNKNOWN_USER }, body: {} },
          404,
          'resource_not_found',
        );
      }
    });

    it('DELETE removes the user and its identifiers become free again', async () => {
      const email = uniqueEmail('gone');
      const user = await createTestUser(api, { email_address: [email] });
      expect(await api.ok('DeleteUser', { params: { user_id: user.id } })).toEqual({
        object: 'user',
        id: user.id,
        deleted: true,
      });
      await api.fail('GetUser', { params: { user_id: user.id } }, 404, 'resource_not_found');
      await api.fail('DeleteUser', { params: { user_id: user.id } }, 404, 'resource_not_found');
      const again = await createTestUser(api, { email_address: [email] });
      expect(again.email_addresses[0]!.email_address).toBe(email);
    });
  },
);
