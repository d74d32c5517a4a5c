import { beforeAll, describe, expect, it } from 'vitest';
import { uniquePhone } from '../helpers/phones.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { uniqueEmail } from '../helpers/users.js';
import { browserApi, dataOf, typesOf, watchEvents, type BrowserApi } from './event-helpers.js';

// The payloads are built in src/messages (another part of issue 11 owns them): this suite
// pins that what it records is valid for the webhooks spec, before and after that merge.
describe.each(testDialects())('email.created and sms.created (%s)', (dialect) => {
  let t: TestInstance;
  let api: BrowserApi;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
    api = browserApi(t);
  });

  it('a verification code by email and by SMS records email.created and sms.created', async () => {
    const user = await api.ok('CreateUser', {
      body: {
        email_address: [uniqueEmail('msg')],
        phone_number: [uniquePhone()],
        skip_password_requirement: true,
      },
    });
    const email = user.email_addresses[0]!;
    const phone = user.phone_numbers[0]!;
    const events = await watchEvents(t);
    await api.ok('PrepareEmailAddressVerification', { params: { email_address_id: email.id! } });
    await api.ok('PreparePhoneNumberVerification', { params: { phone_number_id: phone.id! } });
    const recorded = await events.take();
    expect(typesOf(recorded)).toEqual(['email.created', 'sms.created']);
    expect(dataOf(recorded, 'email.created')).toMatchObject({
      to_email_address: email.email_address,
      email_address_id: email.id,
      user_id: user.id,
      slug: 'verification_code',
      delivered_by_clerk: expect.any(Boolean),
    });
    expect(dataOf(recorded, 'sms.created')).toMatchObject({
      object: 'sms_message',
      to_phone_number: phone.phone_number,
      phone_number_id: phone.id,
      user_id: user.id,
      created_at_ms: expect.any(Number),
    });
  });
});
