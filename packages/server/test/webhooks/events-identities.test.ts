import { beforeAll, describe, expect, it } from 'vitest';
import { addExternalAccount, addPasskey } from '../../src/users/user-account-creation.js';
import { lastCodeSentTo } from '../helpers/messages.js';
import { uniquePhone } from '../helpers/phones.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { scopeOn } from '../helpers/test-scope.js';
import { testDialects } from '../helpers/test-server.js';
import { uniqueEmail } from '../helpers/users.js';
import { PNG } from '../profile/images.js';
import { browserApi, typesOf, watchEvents, type BrowserApi } from './event-helpers.js';

describe.each(testDialects())('user.updated from identities and profile (%s)', (dialect) => {
  let t: TestInstance;
  let api: BrowserApi;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
    api = browserApi(t);
  });

  const createUser = () =>
    api.ok('CreateUser', {
      body: { email_address: [uniqueEmail('idn')], skip_password_requirement: true },
    });

  it('email address and phone number writes emit user.updated with the user as it is after', async () => {
    const user = await createUser();
    const events = await watchEvents(t);
    const email = await api.ok('CreateEmailAddress', {
      body: { user_id: user.id, email_address: uniqueEmail('second'), verified: true },
    });
    await api.ok('UpdateEmailAddress', {
      params: { email_address_id: email.id! },
      body: { primary: true },
    });
    const phone = await api.ok('CreatePhoneNumber', {
      body: { user_id: user.id, phone_number: uniquePhone(), verified: true },
    });
    await api.ok('DeletePhoneNumber', { params: { phone_number_id: phone.id! } });
    await api.ok('DeleteEmailAddress', {
      params: { email_address_id: user.email_addresses[0]!.id! },
    });
    const recorded = await events.take();
    expect(typesOf(recorded)).toEqual(Array(5).fill('user.updated'));
    const [added, primary, withPhone, withoutPhone, last] = recorded.map((e) => e.payload.data);
    expect(added.email_addresses.map((e: { id: string }) => e.id)).toContain(email.id);
    expect(primary.primary_email_address_id).toBe(email.id);
    expect(withPhone.phone_numbers.map((p: { id: string }) => p.id)).toEqual([phone.id]);
    expect(withoutPhone.phone_numbers).toEqual([]);
    expect(last.email_addresses.map((e: { id: string }) => e.id)).toEqual([email.id]);
  });

  it('setting and deleting the profile image emit user.updated', async () => {
    const user = await createUser();
    const events = await watchEvents(t);
    await api.ok('SetUserProfileImage', {
      params: { user_id: user.id },
      form: { file: { data: PNG, filename: 'me.png', contentType: 'image/png' } },
    });
    await api.ok('DeleteUserProfileImage', { params: { user_id: user.id } });
    const recorded = await events.take();
    expect(typesOf(recorded)).toEqual(['user.updated', 'user.updated']);
    expect(recorded.map((e) => e.payload.data.has_image)).toEqual([true, false]);
  });

  it('preparing and verifying an address by code emit email.created and user.updated', async () => {
    const user = await createUser();
    const address = uniqueEmail('unverified');
    const email = await api.ok('CreateEmailAddress', {
      body: { user_id: user.id, email_address: address, verified: false },
    });
    const params = { email_address_id: email.id! };
    const events = await watchEvents(t);
    const prepared = await api.ok('PrepareEmailAddressVerification', { params });
    const code = await lastCodeSentTo(t, address);
    await api.ok('AttemptEmailAddressVerification', {
      params,
      body: { verification_id: prepared.id, code },
    });
    const recorded = await events.take();
    // Preparing changes the address's verification (a new attempt), so does verifying it.
    expect(typesOf(recorded)).toEqual(['email.created', 'user.updated', 'user.updated']);
    const updated = recorded[2]!.payload.data;
    const verified = updated.email_addresses.find((e: { id: string }) => e.id === email.id);
    expect(verified.verification.status).toBe('verified');
  });

  it('passkeys and external accounts: adding and deleting them emit user.updated', async () => {
    const user = await createUser();
    const scope = scopeOn(t.app, {
      instance: t.instance,
      clock: t.clock,
      baseUrl: 'http://localhost',
    });
    const events = await watchEvents(t);
    // Added by sign-in flows (no Backend API operation): through the service, no request.
    const withPasskey = await addPasskey(scope, user.id, {
      name: 'Laptop',
      credentialId: `cred-${user.id}`,
      publicKey: 'pk',
    });
    const withAccount = await addExternalAccount(scope, user.id, {
      provider: 'oauth_google',
      providerUserId: `google-${user.id}`,
      emailAddress: `g-${user.id}@example.com`,
      firstName: 'Grace',
      lastName: 'Hopper',
      approvedScopes: ['email', 'profile'],
      accessToken: 'ya29.access',
      refreshToken: '1//refresh',
      tokenExpiresAt: 1_900_000_000_000,
    });
    const added = await events.take({ http: 'none' });
    expect(typesOf(added)).toEqual(['user.updated', 'user.updated']);
    expect(added[1]!.payload.data.external_accounts).toHaveLength(1);
    await api.ok('UserPasskeyDelete', {
      params: { user_id: user.id, passkey_identification_id: withPasskey.passkeys[0]!.id! },
    });
    await api.ok('DeleteExternalAccount', {
      params: { user_id: user.id, external_account_id: withAccount.external_accounts[0]!.id! },
    });
    const removed = await events.take();
    expect(typesOf(removed)).toEqual(['user.updated', 'user.updated']);
    expect(removed[1]!.payload.data).toMatchObject({ passkeys: [], external_accounts: [] });
  });
});
