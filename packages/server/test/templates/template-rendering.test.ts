import { beforeAll, describe, expect, it } from 'vitest';
import { recordMessage } from '../../src/messages/message-service.js';
import { listOutboxEvents } from '../../src/outbox/outbox-store.js';
import { runWrite } from '../../src/platform/write.js';
import { listMessages } from '../helpers/messages.js';
import { createTestOrganization, enableOrganizations } from '../helpers/organizations.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { scopeOn } from '../helpers/test-scope.js';
import { testDialects } from '../helpers/test-server.js';
import { uniquePhone } from '../helpers/phones.js';
import { createTestUser, uniqueEmail } from '../helpers/users.js';

/** Messages render through the instance's templates (override or system) with real values. */
describe.each(testDialects())('messages rendered from templates (%s)', (dialect) => {
  let t: TestInstance;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
  });

  const emailTemplate = (slug: string) => ({ template_type: 'email' as const, slug });
  async function eventsFor(type: string, id: string) {
    return (await listOutboxEvents(t.database.db, t.instanceId))
      .filter((e) => e.event_type === type)
      .map((e) => (typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload).data)
      .filter((data) => data.id === id);
  }
  async function instanceName(): Promise<string> {
    const row = await t.database.db
      .selectFrom('instances')
      .select('name')
      .where('id', '=', t.instanceId)
      .executeTakeFirstOrThrow();
    return row.name;
  }

  it('a verification code email uses the instance’s override, recorded and emitted as sent', async () => {
    await t.api.ok('UpsertTemplate', {
      params: emailTemplate('verification_code'),
      body: {
        subject: '{{app.name}} code: {{otp_code}}',
        body: 'Hello from {{app.domain_name}}! Code {{otp_code}}, asked {{requested_at}}.',
        from_email_name: 'auth',
        reply_to_email_name: 'help',
      },
    });
    try {
      const address = uniqueEmail('tmpl');
      const user = await t.api.ok('CreateUser', {
        body: { email_address: [address], skip_password_requirement: true },
      });
      t.clock.set(Date.UTC(2026, 7, 30, 12, 14));
      await t.api.ok('PrepareEmailAddressVerification', {
        params: { email_address_id: user.primary_email_address_id! },
      });
      const [message] = (await listMessages(t, { to: address })).data;
      const code = /Code (\d{6})/.exec(message!.body)![1]!;
      expect(message).toMatchObject({
        slug: 'verification_code',
        subject: `${await instanceName()} code: ${code}`,
        body: `Hello from ${t.instance.frontendApi}! Code ${code}, asked 30 August 2026, 12:14 UTC.`,
        status: 'sent',
      });
      const [event] = await eventsFor('email.created', message!.id);
      expect(event).toMatchObject({
        subject: message!.subject,
        body: message!.body,
        body_plain: message!.body,
        from_email_name: 'auth',
        reply_to_email_name: 'help',
        delivered_by_clerk: true,
        data: { otp_code: code, app: { domain_name: t.instance.frontendApi } },
      });
    } finally {
      t.clock.useRealTime();
      await t.api.ok('RevertTemplate', { params: emailTemplate('verification_code') });
    }
    // Reverted: the system template again.
    const address = uniqueEmail('sys');
    const user = await t.api.ok('CreateUser', {
      body: { email_address: [address], skip_password_requirement: true },
    });
    await t.api.ok('PrepareEmailAddressVerification', {
      params: { email_address_id: user.primary_email_address_id! },
    });
    const [message] = (await listMessages(t, { to: address })).data;
    expect(message!.subject).toMatch(/^\d{6} is your verification code$/);
  });

  it('with delivered_by_clerk false, the email is left to the app: recorded, not sent', async () => {
    await t.api.ok('ToggleTemplateDelivery', {
      params: emailTemplate('verification_code'),
      body: { delivered_by_clerk: false },
    });
    try {
      const address = uniqueEmail('app');
      const user = await t.api.ok('CreateUser', {
        body: { email_address: [address], skip_password_requirement: true },
      });
      await t.api.ok('PrepareEmailAddressVerification', {
        params: { email_address_id: user.primary_email_address_id! },
      });
      const [message] = (await listMessages(t, { to: address })).data;
      expect(message!.status).toBe('delivered_by_app');
      const [event] = await eventsFor('email.created', message!.id);
      expect(event).toMatchObject({
        to_email_address: address,
        status: 'queued',
        delivered_by_clerk: false,
        body: message!.body,
      });
      expect(message!.body).toContain(event.data.otp_code);
    } finally {
      await t.api.ok('RevertTemplate', { params: emailTemplate('verification_code') });
    }
  });

  it('an invitation email renders its action_url and expiry into the override', async () => {
    await t.api.ok('UpsertTemplate', {
      params: emailTemplate('invitation'),
      body: { body: 'Join {{app.name}} within {{expires_in}}: {{action_url}}' },
    });
    try {
      const address = uniqueEmail('inv');
      const invitation = await t.api.ok('CreateInvitation', {
        body: { email_address: address, expires_in_days: 3 },
      });
      const [message] = (await listMessages(t, { to: address })).data;
      expect(message!.body).toBe(`Join ${await instanceName()} within 3 days: ${invitation.url}`);
    } finally {
      await t.api.ok('RevertTemplate', { params: emailTemplate('invitation') });
    }
  });

  it('an organization invitation reads org.name, org_role and inviter_name', async () => {
    await enableOrganizations(t.api);
    const admin = await createTestUser(t.api, { first_name: 'Ada', last_name: 'Admin' });
    const org = await createTestOrganization(t.api, { created_by: admin.id });
    await t.api.ok('UpsertTemplate', {
      params: emailTemplate('organization_invitation'),
      body: {
        subject: 'Join {{org.name}}',
        body: '{{inviter_name}} | {{org.name}} | {{org_role}} | {{action_url}}',
      },
    });
    try {
      const address = uniqueEmail('org');
      const invitation = await t.api.ok('CreateOrganizationInvitation', {
        params: { organization_id: org.id },
        body: { email_address: address, role: 'org:member', inviter_user_id: admin.id },
      });
      const [message] = (await listMessages(t, { to: address })).data;
      expect(message!.subject).toBe(`Join ${org.name}`);
      expect(message!.body).toMatch(
        new RegExp(`^Ada Admin \\| ${org.name} \\| \\w+ \\| ${escape(invitation.url!)}$`),
      );
    } finally {
      await t.api.ok('RevertTemplate', { params: emailTemplate('organization_invitation') });
    }
  });

  it('the primary address change notice reads previous and new addresses', async () => {
    await t.api.ok('UpsertTemplate', {
      params: emailTemplate('primary_email_address_changed'),
      body: { body: '{{previous_email_address}} -> {{new_email_address}}' },
    });
    try {
      const user = await t.api.ok('CreateUser', {
        body: { email_address: [uniqueEmail('prev')], skip_password_requirement: true },
      });
      const next = await t.api.ok('CreateEmailAddress', {
        body: { user_id: user.id, email_address: uniqueEmail('next'), verified: true },
      });
      await t.api.ok('UpdateUser', {
        params: { user_id: user.id },
        body: { primary_email_address_id: next.id!, notify_primary_email_address_changed: true },
      });
      const previous = user.email_addresses[0]!.email_address;
      const [message] = (await listMessages(t, { to: previous })).data;
      expect(message!.body).toBe(`${previous} -> ${next.email_address}`);
    } finally {
      await t.api.ok('RevertTemplate', { params: emailTemplate('primary_email_address_changed') });
    }
  });

  // No flow sends a notification SMS yet and no operation switches `enabled`, so this one
  // sets the override's row and records through the service the flows call.
  it('a switched-off notification SMS (enabled: false) is neither recorded nor handed on', async () => {
    const now = Date.now();
    await t.database.db
      .insertInto('message_templates')
      .values({
        id: 'tmpl_switchedoff0000000000000000',
        instance_id: t.instanceId,
        template_type: 'sms',
        slug: 'password_changed',
        name: 'Password changed',
        subject: null,
        markup: '',
        body: 'Your {{app.name}} password changed.',
        from_email_name: null,
        reply_to_email_name: null,
        delivered_by_clerk: true,
        enabled: false,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const template = await t.api.ok('GetTemplate', {
      params: { template_type: 'sms', slug: 'password_changed' },
    });
    expect(template).toMatchObject({ enabled: false, can_toggle: true, resource_type: 'user' });
    const scope = scopeOn(t.app, { instance: t.instance, clock: t.clock, baseUrl: 'http://x' });
    const before = (await listOutboxEvents(t.database.db, t.instanceId)).length;
    const to = uniquePhone();
    const message = await runWrite(scope, (tx) =>
      recordMessage(tx, {
        channel: 'sms',
        slug: 'password_changed',
        to,
        variables: {},
        userId: null,
        identificationId: null,
      }),
    );
    expect(message.handOff).toBe(false);
    expect((await listMessages(t, { to })).total_count).toBe(0);
    expect((await listOutboxEvents(t.database.db, t.instanceId)).length).toBe(before);
    await t.api.ok('RevertTemplate', {
      params: { template_type: 'sms', slug: 'password_changed' },
    });
  });

  it('concurrent first upserts of one template all succeed and leave one override', async () => {
    const params = emailTemplate('password_removed');
    const answers = await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        t.api.ok('UpsertTemplate', { params, body: { name: `Removed ${n}` } }),
      ),
    );
    expect(new Set(answers.map((a) => a.resource_type))).toEqual(new Set(['user']));
    const rows = await t.database.db
      .selectFrom('message_templates')
      .select('id')
      .where('instance_id', '=', t.instanceId)
      .where('slug', '=', 'password_removed')
      .execute();
    expect(rows).toHaveLength(1);
    expect(new Set(answers.map((a) => a.id))).toEqual(new Set([rows[0]!.id]));
    const current = await t.api.ok('GetTemplate', { params });
    expect(answers.map((a) => a.name)).toContain(current.name);
    await t.api.ok('RevertTemplate', { params });
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
