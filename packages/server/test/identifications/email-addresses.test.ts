import { beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../helpers/api.js';
import { listMessages } from '../helpers/messages.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser, uniqueEmail } from '../helpers/users.js';

const MISSING = 'idn_2x0000000000000000000000000';

describe.each(testDialects())('email addresses (%s)', (dialect) => {
  let t: TestInstance;
  let api: Api;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
    api = t.api;
  });

  describe('POST /v1/email_addresses', () => {
    it('adds an unverified address that is not primary; the user shows it', async () => {
      const user = await createTestUser(api);
      const address = uniqueEmail('Second');
      const created = await api.ok('CreateEmailAddress', {
        body: { user_id: user.id, email_address: ` ${address} ` },
      });
      expect(created).toMatchObject({
        object: 'email_address',
        email_address: address,
        reserved: false,
        verification: null,
        linked_to: [],
      });
      expect(created.id).toMatch(/^idn_/);
      const after = await api.ok('GetUser', { params: { user_id: user.id } });
      expect(after.email_addresses.map((e) => e.id)).toEqual([
        user.email_addresses[0]!.id,
        created.id,
      ]);
      expect(after.primary_email_address_id).toBe(user.primary_email_address_id);
      const got = await api.ok('GetEmailAddress', { params: { email_address_id: created.id! } });
      expect(got).toEqual(created);
    });

    it('verified and primary: becomes the primary, verified by the admin', async () => {
      const user = await createTestUser(api);
      const created = await api.ok('CreateEmailAddress', {
        body: { user_id: user.id, email_address: uniqueEmail(), verified: true, primary: true },
      });
      expect(created.verification).toMatchObject({ status: 'verified', strategy: 'admin' });
      const after = await api.ok('GetUser', { params: { user_id: user.id } });
      expect(after.primary_email_address_id).toBe(created.id);
      const found = await api.ok('GetUserList', {
        query: { email_address: created.email_address },
      });
      expect(found.map((u) => u.id)).toEqual([user.id]);
      const searched = await api.ok('GetUserList', { query: { query: created.email_address } });
      expect(searched.map((u) => u.id)).toEqual([user.id]);
    });

    it('the first address of a user without one becomes primary', async () => {
      const user = await createTestUser(api, {
        email_address: undefined,
        username: `first_${Date.now()}`,
      });
      expect(user.primary_email_address_id).toBeNull();
      const created = await api.ok('CreateEmailAddress', {
        body: { user_id: user.id, email_address: uniqueEmail() },
      });
      const after = await api.ok('GetUser', { params: { user_id: user.id } });
      expect(after.primary_email_address_id).toBe(created.id);
    });

    it('notifies the previous primary when asked and the new address becomes primary', async () => {
      const user = await createTestUser(api);
      const previous = user.email_addresses[0]!.email_address;
      const next = uniqueEmail('next');
      await api.ok('CreateEmailAddress', {
        body: {
          user_id: user.id,
          email_address: next,
          verified: true,
          primary: true,
          notify_primary_email_address_changed: true,
        },
      });
      const { data } = await listMessages(t, { to: previous });
      expect(data).toHaveLength(1);
      expect(data[0]).toMatchObject({ slug: 'primary_email_address_changed', channel: 'email' });
      expect(data[0]!.body).toContain(next);
    });

    it('refuses an unknown user (404), a taken or invalid address and an unverified primary (422)', async () => {
      await api.fail(
        'CreateEmailAddress',
        { body: { user_id: 'user_missing', email_address: uniqueEmail() } },
        404,
        'resource_not_found',
      );
      const user = await createTestUser(api);
      const other = await createTestUser(api);
      const taken = other.email_addresses[0]!.email_address;
      const body = await api.fail(
        'CreateEmailAddress',
        { body: { user_id: user.id, email_address: taken.toUpperCase() } },
        422,
        'form_identifier_exists',
      );
      expect(body.errors[0]!.meta).toEqual({ param_name: 'email_address' });
      await api.fail(
        'CreateEmailAddress',
        { body: { user_id: user.id, email_address: user.email_addresses[0]!.email_address } },
        422,
        'form_identifier_exists',
      );
      await api.fail(
        'CreateEmailAddress',
        { body: { user_id: user.id, email_address: 'not-an-email' } },
        422,
        'form_param_format_invalid',
      );
      await api.fail(
        'CreateEmailAddress',
        { body: { user_id: user.id, email_address: uniqueEmail(), primary: true } },
        422,
        'form_param_value_invalid',
      );
      await api.fail(
        'CreateEmailAddress',
        { body: { user_id: user.id } },
        422,
        'form_param_missing',
      );
      await api.fail(
        'CreateEmailAddress',
        { body: { email_address: uniqueEmail() } },
        422,
        'form_param_missing',
      );
      const after = await api.ok('GetUser', { params: { user_id: user.id } });
      expect(after.email_addresses).toHaveLength(1);
    });
  });

  describe('GET and PATCH /v1/email_addresses/{id}', () => {
    it('unknown IDs are 404', async () => {
      await api.fail(
        'GetEmailAddress',
        { params: { email_address_id: MISSING } },
        404,
        'resource_not_found',
      );
      await api.fail(
        'UpdateEmailAddress',
        { params: { email_address_id: MISSING }, body: { verified: true } },
        404,
        'resource_not_found',
      );
      await api.fail(
        'DeleteEmailAddress',
        { params: { email_address_id: MISSING } },
        404,
        'resource_not_found',
      );
    });

    it('an address of another instance is not found', async () => {
      const user = await createTestUser(api);
      const other = await useTestInstance(dialect);
      await other.api.fail(
        'GetEmailAddress',
        { params: { email_address_id: user.email_addresses[0]!.id! } },
        404,
        'resource_not_found',
      );
    });

    it('verifies, makes primary (notifying the previous one) and unverifies', async () => {
      const user = await createTestUser(api);
      const created = await api.ok('CreateEmailAddress', {
        body: { user_id: user.id, email_address: uniqueEmail() },
      });
      const params = { email_address_id: created.id! };
      await api.fail(
        'UpdateEmailAddress',
        { params, body: { primary: true } },
        422,
        'form_param_value_invalid',
      );
      const verified = await api.ok('UpdateEmailAddress', { params, body: { verified: true } });
      expect(verified.verification).toMatchObject({ status: 'verified', strategy: 'admin' });
      await api.ok('UpdateEmailAddress', {
        params,
        body: { primary: true, notify_primary_email_address_changed: true },
      });
      const after = await api.ok('GetUser', { params: { user_id: user.id } });
      expect(after.primary_email_address_id).toBe(created.id);
      const sent = await listMessages(t, { to: user.email_addresses[0]!.email_address });
      expect(sent.data.map((m) => m.slug)).toEqual(['primary_email_address_changed']);

      const unverified = await api.ok('UpdateEmailAddress', {
        params: { email_address_id: user.email_addresses[0]!.id! },
        body: { verified: false },
      });
      expect(unverified.verification).toBeNull();
    });

    it('refuses to unset the primary (make another one primary instead)', async () => {
      const user = await createTestUser(api);
      const params = { email_address_id: user.primary_email_address_id! };
      const body = await api.fail(
        'UpdateEmailAddress',
        { params, body: { primary: false } },
        422,
        'form_param_value_invalid',
      );
      expect(body.errors[0]!.meta).toEqual({ param_name: 'primary' });
      const again = await api.ok('UpdateEmailAddress', { params, body: { primary: true } });
      expect(again.id).toBe(params.email_address_id);
    });

    it('rejects unknown and mistyped fields', async () => {
      const user = await createTestUser(api);
      const params = { email_address_id: user.primary_email_address_id! };
      await api.fail(
        'UpdateEmailAddress',
        { params, rawBody: { nickname: 'x' } },
        422,
        'form_param_unknown',
      );
      await api.fail('UpdateEmailAddress', { params, rawBody: { verified: 'yes' } }, 422);
    });
  });

  describe('DELETE /v1/email_addresses/{id}', () => {
    it('deletes; a deleted primary falls to the oldest remaining address', async () => {
      const user = await createTestUser(api);
      const second = await api.ok('CreateEmailAddress', {
        body: { user_id: user.id, email_address: uniqueEmail(), verified: true },
      });
      const deleted = await api.ok('DeleteEmailAddress', {
        params: { email_address_id: user.primary_email_address_id! },
      });
      expect(deleted).toEqual({
        object: 'email_address',
        id: user.primary_email_address_id,
        deleted: true,
      });
      const after = await api.ok('GetUser', { params: { user_id: user.id } });
      expect(after.email_addresses.map((e) => e.id)).toEqual([second.id]);
      expect(after.primary_email_address_id).toBe(second.id);
      await api.fail(
        'GetEmailAddress',
        { params: { email_address_id: user.primary_email_address_id! } },
        404,
        'resource_not_found',
      );
      // The address is free again.
      await api.ok('CreateEmailAddress', {
        body: { user_id: user.id, email_address: user.email_addresses[0]!.email_address },
      });
    });

    it('deleting the last address leaves the user without one', async () => {
      const user = await createTestUser(api);
      await api.ok('DeleteEmailAddress', {
        params: { email_address_id: user.primary_email_address_id! },
      });
      const after = await api.ok('GetUser', { params: { user_id: user.id } });
      expect(after.email_addresses).toEqual([]);
      expect(after.primary_email_address_id).toBeNull();
    });
  });

  describe('PUT /v1/users/{user_id}/email_address', () => {
    it('replaces every address with one primary, verified by default', async () => {
      const user = await createTestUser(api);
      await api.ok('CreateEmailAddress', {
        body: { user_id: user.id, email_address: uniqueEmail() },
      });
      const address = uniqueEmail('replacement');
      const replaced = await api.ok('ReplaceUserEmailAddress', {
        params: { user_id: user.id },
        body: { email_address: address, notify_primary_email_address_changed: true },
      });
      expect(replaced).toMatchObject({ email_address: address, reserved: false });
      expect(replaced.verification).toMatchObject({ status: 'verified', strategy: 'admin' });
      const after = await api.ok('GetUser', { params: { user_id: user.id } });
      expect(after.email_addresses.map((e) => e.id)).toEqual([replaced.id]);
      expect(after.primary_email_address_id).toBe(replaced.id);
      const sent = await listMessages(t, { to: user.email_addresses[0]!.email_address });
      expect(sent.data.map((m) => m.slug)).toEqual(['primary_email_address_changed']);
    });

    it('reserved and unverified statuses', async () => {
      const user = await createTestUser(api);
      const reserved = await api.ok('ReplaceUserEmailAddress', {
        params: { user_id: user.id },
        body: { email_address: uniqueEmail(), identification_status: 'reserved' },
      });
      expect(reserved).toMatchObject({ reserved: true, verification: null });
      const unverified = await api.ok('ReplaceUserEmailAddress', {
        params: { user_id: user.id },
        body: { email_address: uniqueEmail(), identification_status: 'unverified' },
      });
      expect(unverified).toMatchObject({ reserved: false, verification: null });
    });

    it('the current primary keeps its ID and no notification is sent', async () => {
      const user = await createTestUser(api);
      const current = user.email_addresses[0]!;
      const replaced = await api.ok('ReplaceUserEmailAddress', {
        params: { user_id: user.id },
        body: {
          email_address: current.email_address.toUpperCase(),
          notify_primary_email_address_changed: true,
        },
      });
      expect(replaced.id).toBe(current.id);
      expect(replaced.email_address).toBe(current.email_address.toUpperCase());
      expect((await listMessages(t, { to: current.email_address })).total_count).toBe(0);
    });

    it('refuses an unknown user, a taken or invalid address, and a bad status', async () => {
      await api.fail(
        'ReplaceUserEmailAddress',
        { params: { user_id: 'user_missing' }, body: { email_address: uniqueEmail() } },
        404,
        'resource_not_found',
      );
      const user = await createTestUser(api);
      const other = await createTestUser(api);
      const params = { user_id: user.id };
      await api.fail(
        'ReplaceUserEmailAddress',
        { params, body: { email_address: other.email_addresses[0]!.email_address } },
        422,
        'form_identifier_exists',
      );
      await api.fail(
        'ReplaceUserEmailAddress',
        { params, body: { email_address: 'a@b' } },
        422,
        'form_param_format_invalid',
      );
      await api.fail(
        'ReplaceUserEmailAddress',
        { params, rawBody: { email_address: uniqueEmail(), identification_status: 'pending' } },
        422,
      );
      await api.fail('ReplaceUserEmailAddress', { params, body: {} }, 422, 'form_param_missing');
      const after = await api.ok('GetUser', { params });
      expect(after.email_addresses).toEqual(user.email_addresses);
    });
  });
});
