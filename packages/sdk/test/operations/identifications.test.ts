import { expect, it } from 'vitest';
import { lastCodeSentTo } from '../../../server/test/helpers/messages.js';
import { uniquePhone } from '../../../server/test/helpers/phones.js';
import { uniqueEmail } from '../../../server/test/helpers/users.js';
import { describeOperations, expectClerkError } from './operations-suite.js';

describeOperations('identifications', (s) => {
  const newUser = () =>
    s.sdk.users.createUser({ email_address: [uniqueEmail('id')], skip_password_requirement: true });

  it('adds, reads, updates, replaces and deletes email addresses', async () => {
    const user = await newUser();
    const address = uniqueEmail('second');
    const email = await s.sdk.emailAddresses.createEmailAddress({
      user_id: user.id,
      email_address: address,
      verified: true,
    });
    expect(email).toMatchObject({ object: 'email_address', email_address: address });
    expect(email.verification?.status).toBe('verified');
    expect(await s.sdk.emailAddresses.getEmailAddress({ email_address_id: email.id! })).toEqual(
      email,
    );
    await s.sdk.emailAddresses.updateEmailAddress({ email_address_id: email.id!, primary: true });
    expect((await s.sdk.users.getUser({ user_id: user.id })).primary_email_address_id).toBe(
      email.id,
    );
    expect(await s.sdk.emailAddresses.deleteEmailAddress({ email_address_id: email.id! })).toEqual({
      object: 'email_address',
      id: email.id,
      deleted: true,
    });
    const replacement = uniqueEmail('replacement');
    const replaced = await s.sdk.emailAddresses.replaceUserEmailAddress({
      user_id: user.id,
      email_address: replacement,
      identification_status: 'verified',
    });
    expect(replaced.email_address).toBe(replacement);
    const after = await s.sdk.users.getUser({ user_id: user.id });
    expect(after.email_addresses.map((e) => e.email_address)).toEqual([replacement]);
    await expectClerkError(
      s.sdk.emailAddresses.getEmailAddress({ email_address_id: email.id! }),
      404,
      'resource_not_found',
    );
  });

  it('prepares and attempts an email verification with the code sent', async () => {
    const user = await newUser();
    const email = await s.sdk.emailAddresses.createEmailAddress({
      user_id: user.id,
      email_address: uniqueEmail('verify'),
    });
    const params = { email_address_id: email.id! };
    const prepared = await s.sdk.emailAddresses.prepareEmailAddressVerification(params);
    expect(prepared).toMatchObject({ status: 'unverified', strategy: 'email_code' });
    const code = await lastCodeSentTo(s.t, email.email_address);
    // A wrong code is an attempt, answered with the verification as it now stands.
    const wrong = await s.sdk.emailAddresses.attemptEmailAddressVerification({
      ...params,
      verification_id: prepared.id!,
      code: code === '000000' ? '111111' : '000000',
    });
    expect(wrong).toMatchObject({ id: prepared.id, status: 'unverified', attempts: 1 });
    const attempted = await s.sdk.emailAddresses.attemptEmailAddressVerification({
      ...params,
      verification_id: prepared.id!,
      code,
    });
    expect(attempted).toMatchObject({ id: prepared.id, status: 'verified' });
  });

  it('adds, reads, updates, replaces and deletes phone numbers', async () => {
    const user = await newUser();
    const number = uniquePhone();
    const phone = await s.sdk.phoneNumbers.createPhoneNumber({
      user_id: user.id,
      phone_number: number,
      verified: true,
    });
    expect(phone).toMatchObject({ object: 'phone_number', phone_number: number });
    expect(await s.sdk.phoneNumbers.getPhoneNumber({ phone_number_id: phone.id! })).toEqual(phone);
    const updated = await s.sdk.phoneNumbers.updatePhoneNumber({
      phone_number_id: phone.id!,
      reserved_for_second_factor: true,
    });
    expect([updated.id, updated.reserved_for_second_factor]).toEqual([phone.id, true]);
    expect(await s.sdk.phoneNumbers.deletePhoneNumber({ phone_number_id: phone.id! })).toEqual({
      object: 'phone_number',
      id: phone.id,
      deleted: true,
    });
    const replacement = uniquePhone();
    const replaced = await s.sdk.phoneNumbers.replaceUserPhoneNumber({
      user_id: user.id,
      phone_number: replacement,
    });
    expect(replaced.phone_number).toBe(replacement);
    await expectClerkError(
      s.sdk.phoneNumbers.createPhoneNumber({ user_id: user.id, phone_number: 'not a number' }),
      422,
      'form_param_format_invalid',
    );
  });

  it('prepares and attempts a phone verification with the code sent', async () => {
    const user = await newUser();
    const phone = await s.sdk.phoneNumbers.createPhoneNumber({
      user_id: user.id,
      phone_number: uniquePhone(),
    });
    const params = { phone_number_id: phone.id! };
    const prepared = await s.sdk.phoneNumbers.preparePhoneNumberVerification(params);
    expect(prepared).toMatchObject({ status: 'unverified', strategy: 'phone_code' });
    const code = await lastCodeSentTo(s.t, phone.phone_number);
    const attempted = await s.sdk.phoneNumbers.attemptPhoneNumberVerification({
      ...params,
      verification_id: prepared.id!,
      code,
    });
    expect(attempted).toMatchObject({ id: prepared.id, status: 'verified' });
    expect((await s.sdk.phoneNumbers.getPhoneNumber(params)).verification?.status).toBe('verified');
  });
});
