import { beforeAll, describe, expect, it } from 'vitest';
import { listOutboxEvents } from '../../src/outbox/outbox-store.js';
import type { Api } from '../helpers/api.js';
import { listMessages } from '../helpers/messages.js';
import { uniquePhone } from '../helpers/phones.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { uniqueEmail } from '../helpers/users.js';

describe.each(testDialects())('GET /castellan/messages and message events (%s)', (dialect) => {
  let t: TestInstance;
  let api: Api;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
    api = t.api;
  });

  const newUser = (body: Record<string, unknown> = {}) =>
    api.ok('CreateUser', {
      body: { email_address: [uniqueEmail('msg')], skip_password_requirement: true, ...body },
    });
  const payloadOf = (e: { payload: unknown }) =>
    typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload;

  it('lists the instance’s messages newest first, filtered by to and channel, paged', async () => {
    const user = await newUser({ phone_number: [uniquePhone()] });
    const emailParams = { email_address_id: user.primary_email_address_id! };
    const phoneParams = { phone_number_id: user.primary_phone_number_id! };
    // All three in one millisecond: the order they were made in still decides, not the ID's
    // prefix (`sms_` sorts after `ema_`).
    t.clock.set(Date.now());
    try {
      await api.ok('PrepareEmailAddressVerification', { params: emailParams });
      await api.ok('PreparePhoneNumberVerification', { params: phoneParams });
      await api.ok('PrepareEmailAddressVerification', { params: emailParams });
    } finally {
      t.clock.useRealTime();
    }

    const all = await listMessages(t, { limit: 500 });
    expect(all.total_count).toBe(3);
    expect(all.data.map((m) => m.channel)).toEqual(['email', 'sms', 'email']);
    expect(all.data[0]!.created_at).toBeGreaterThanOrEqual(all.data[2]!.created_at);
    const email = user.email_addresses[0]!.email_address;
    expect((await listMessages(t, { to: email })).total_count).toBe(2);
    expect((await listMessages(t, { channel: 'sms' })).data.map((m) => m.to)).toEqual([
      user.phone_numbers[0]!.phone_number,
    ]);
    const page = await listMessages(t, { limit: 1, offset: 1 });
    expect(page).toMatchObject({ total_count: 3, data: [{ id: all.data[1]!.id }] });
  });

  it('records email.created and sms.created with the message, in the write that made it', async () => {
    const user = await newUser({ phone_number: [uniquePhone()] });
    const before = (await listOutboxEvents(t.database.db, t.instanceId)).length;
    const prepared = await api.ok('PrepareEmailAddressVerification', {
      params: { email_address_id: user.primary_email_address_id! },
    });
    await api.ok('PreparePhoneNumberVerification', {
      params: { phone_number_id: user.primary_phone_number_id! },
    });
    const events = (await listOutboxEvents(t.database.db, t.instanceId)).slice(before);
    // A verified address is not changed by a code: no user.updated, only the messages.
    expect(events.map((e) => e.event_type)).toEqual(['email.created', 'sms.created']);
    const email = payloadOf(events[0]!).data;
    const [sent] = (await listMessages(t, { to: user.email_addresses[0]!.email_address })).data;
    expect(email).toMatchObject({
      object: 'email',
      id: sent!.id,
      slug: 'verification_code',
      to_email_address: user.email_addresses[0]!.email_address,
      email_address_id: user.primary_email_address_id,
      user_id: user.id,
      subject: sent!.subject,
      body: sent!.body,
      status: 'queued',
      from_email_name: 'notifications',
      // The system template: Castellan hands it to its transport.
      delivered_by_clerk: true,
    });
    expect(email.data.otp_code).toMatch(/^\d{6}$/);
    // `data` holds the template's variables, as Clerk's does.
    expect(email.data.app).toMatchObject({
      name: expect.any(String),
      domain_name: t.instance.frontendApi,
    });
    expect(email.data.requested_at).toMatch(/^\d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d UTC$/);
    expect(prepared.id).toMatch(/^ver_/);
    const sms = payloadOf(events[1]!).data;
    expect(sms).toMatchObject({
      object: 'sms_message',
      to_phone_number: user.phone_numbers[0]!.phone_number,
      phone_number_id: user.primary_phone_number_id,
      user_id: user.id,
      status: 'queued',
      delivered_by_clerk: true,
    });
    expect(sms.created_at_ms).toBeTypeOf('number');
    expect(sms.id).toMatch(/^sms_/);
    expect(sms.message).toContain(sms.data.otp_code);
  });

  it('UpdateUser with notify_primary_email_address_changed tells the previous primary', async () => {
    const user = await newUser();
    const next = await api.ok('CreateEmailAddress', {
      body: { user_id: user.id, email_address: uniqueEmail('next'), verified: true },
    });
    const previous = user.email_addresses[0]!.email_address;
    // Without the flag, nothing is sent.
    await api.ok('UpdateUser', {
      params: { user_id: user.id },
      body: { primary_email_address_id: next.id! },
    });
    expect((await listMessages(t, { to: previous })).total_count).toBe(0);
    await api.ok('UpdateUser', {
      params: { user_id: user.id },
      body: {
        primary_email_address_id: user.primary_email_address_id,
        notify_primary_email_address_changed: true,
      },
    });
    const { data } = await listMessages(t, { to: next.email_address });
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({ slug: 'primary_email_address_changed', user_id: user.id });
    expect(data[0]!.body).toContain(previous);
    // Setting the same primary again changes nothing, so sends nothing.
    await api.ok('UpdateUser', {
      params: { user_id: user.id },
      body: {
        primary_email_address_id: user.primary_email_address_id,
        notify_primary_email_address_changed: true,
      },
    });
    expect((await listMessages(t, { to: next.email_address })).total_count).toBe(1);
  });

  it('needs the instance’s secret key and shows no other instance’s messages', async () => {
    const user = await newUser();
    await api.ok('PrepareEmailAddressVerification', {
      params: { email_address_id: user.primary_email_address_id! },
    });
    const anonymous = await t.app.inject({ method: 'GET', url: '/castellan/messages' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().errors[0].code).toBe('authorization_header_missing');
    const wrongKey = await t.app.inject({
      method: 'GET',
      url: '/castellan/messages',
      headers: { authorization: 'Bearer sk_test_nope' },
    });
    expect(wrongKey.statusCode).toBe(401);
    const other = await useTestInstance(dialect);
    expect(await listMessages(other)).toEqual({ data: [], total_count: 0 });
  });

  it('rejects bad query parameters with 422', async () => {
    for (const query of ['limit=0', 'limit=501', 'offset=-1', 'channel=fax', 'nickname=x']) {
      const response = await t.app.inject({
        method: 'GET',
        url: `/castellan/messages?${query}`,
        headers: t.auth,
      });
      expect(response.statusCode, query).toBe(422);
      expect(response.json().errors[0].code, query).toMatch(/^form_param_/);
    }
  });
});
