import { beforeAll, describe, expect, it } from 'vitest';
import { listOutboxEvents } from '../../src/outbox/outbox-store.js';
import type { OperationId } from '@castellan/contract';
import type { Api, CallOptions } from '../helpers/api.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';

const EMAIL_SLUGS = [
  'verification_code',
  'reset_password_code',
  'magic_link_sign_in',
  'magic_link_sign_up',
  'invitation',
  'waitlist_invitation',
  'organization_invitation',
  'password_changed',
  'password_removed',
  'primary_email_address_changed',
  'sign_in_from_new_device',
  'waitlist_confirmation',
];

describe.each(testDialects())('email and SMS templates (%s)', (dialect) => {
  let t: TestInstance;
  let api: Api;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
    api = t.api;
  });

  /** The first error of a failed call (`api.fail` checks status and code). */
  async function firstError<Id extends OperationId>(
    operationId: Id,
    options: CallOptions<Id>,
    status: number,
    code?: string,
  ) {
    const envelope = await api.fail(operationId, options, status, code);
    return (envelope as { errors: { long_message: string; meta?: unknown }[] }).errors[0]!;
  }
  const email = (slug: string) => ({ template_type: 'email' as const, slug });
  const sms = (slug: string) => ({ template_type: 'sms' as const, slug });

  describe('GetTemplateList', () => {
    it('lists the system templates of a type by position, as an array or paginated', async () => {
      const all = await api.ok('GetTemplateList', {
        params: { template_type: 'email' },
        query: { limit: 100 },
      });
      expect(all.map((x) => x.slug)).toEqual(EMAIL_SLUGS);
      expect(all.map((x) => x.position)).toEqual(EMAIL_SLUGS.map((_, i) => i));
      expect(new Set(all.map((x) => x.resource_type))).toEqual(new Set(['system']));
      // Ten by default, like every list.
      expect(await api.ok('GetTemplateList', { params: { template_type: 'email' } })).toEqual(
        all.slice(0, 10),
      );
      const page = await api.ok('GetTemplateList', {
        params: { template_type: 'email' },
        query: { paginated: true, limit: 2, offset: 3 },
      });
      expect(page).toEqual({ data: all.slice(3, 5), total_count: EMAIL_SLUGS.length });
      const texts = await api.ok('GetTemplateList', { params: { template_type: 'sms' } });
      expect(texts.map((x) => x.slug)).toEqual([
        'verification_code',
        'reset_password_code',
        'invitation',
        'password_changed',
        'password_removed',
      ]);
      expect(texts.every((x) => x.template_type === 'sms' && x.subject === null)).toBe(true);
      // Only notification SMS can be switched off (Clerk's can_toggle).
      expect(texts.filter((x) => x.can_toggle).map((x) => x.slug)).toEqual([
        'password_changed',
        'password_removed',
      ]);
    });

    it('refuses a type other than email or sms, naming template_type (the spec’s enum)', async () => {
      const fax = 'fax' as 'email';
      for (const error of [
        await firstError('GetTemplateList', { params: { template_type: fax } }, 422),
        await firstError('GetTemplate', { params: { template_type: fax, slug: 'x' } }, 422),
      ]) {
        expect(error).toMatchObject({
          code: 'form_param_value_invalid',
          meta: { param_name: 'template_type' },
        });
      }
    });
  });

  describe('GetTemplate', () => {
    it("answers a system template with Clerk's placeholders and fields", async () => {
      const template = await api.ok('GetTemplate', { params: email('verification_code') });
      expect(template).toEqual({
        object: 'template',
        id: expect.stringMatching(/^tmpl_[0-9A-Za-z]{27}$/),
        instance_id: null,
        resource_type: 'system',
        template_type: 'email',
        name: 'Verification code',
        slug: 'verification_code',
        position: 0,
        can_revert: false,
        can_delete: false,
        can_edit_body: true,
        can_toggle: false,
        subject: '{{otp_code}} is your verification code',
        markup: '',
        body: expect.stringContaining('{{otp_code}}'),
        available_variables: expect.arrayContaining(['app.name', 'otp_code', 'requested_at']),
        required_variables: ['otp_code'],
        from_email_name: 'notifications',
        reply_to_email_name: '',
        delivered_by_clerk: true,
        enabled: true,
        flagged_as_suspicious: false,
        created_at: expect.any(Number),
        updated_at: expect.any(Number),
      });
      const invitation = await api.ok('GetTemplate', { params: email('organization_invitation') });
      expect(invitation.body).toContain('{{org.name}}');
      expect(invitation.body).toContain('{{inviter_name}}');
      expect(invitation.required_variables).toEqual(['action_url']);
    });

    it('answers 404 for a slug no template has', async () => {
      await api.fail('GetTemplate', { params: email('no_such_slug') }, 404, 'resource_not_found');
      await api.fail('GetTemplate', { params: sms('sign_in_from_new_device') }, 404);
    });
  });

  describe('UpsertTemplate and RevertTemplate', () => {
    it('saves an override, answered and listed as the instance’s; revert brings back the system one', async () => {
      const before = (await listOutboxEvents(t.database.db, t.instanceId)).length;
      const system = await api.ok('GetTemplate', { params: email('reset_password_code') });
      const saved = await api.ok('UpsertTemplate', {
        params: email('reset_password_code'),
        body: {
          subject: 'Reset code for {{app.name}}',
          body: 'Use {{otp_code}} to reset your password.',
          from_email_name: 'security',
          reply_to_email_name: 'support',
          markup: '<p>editor</p>',
        },
      });
      expect(saved).toMatchObject({
        id: expect.stringMatching(/^tmpl_/),
        instance_id: t.instanceId,
        resource_type: 'user',
        can_revert: true,
        name: system.name,
        position: system.position,
        subject: 'Reset code for {{app.name}}',
        body: 'Use {{otp_code}} to reset your password.',
        markup: '<p>editor</p>',
        from_email_name: 'security',
        reply_to_email_name: 'support',
        delivered_by_clerk: true,
      });
      expect(saved.id).not.toBe(system.id);
      expect(await api.ok('GetTemplate', { params: email('reset_password_code') })).toEqual(saved);
      const listed = await api.ok('GetTemplateList', {
        params: { template_type: 'email' },
        query: { limit: 100 },
      });
      expect(listed.find((x) => x.slug === 'reset_password_code')).toEqual(saved);

      // A second upsert changes only what it sends and keeps the override's ID.
      const renamed = await api.ok('UpsertTemplate', {
        params: email('reset_password_code'),
        body: { name: 'Password reset' },
      });
      expect(renamed).toMatchObject({ id: saved.id, name: 'Password reset', body: saved.body });
      expect(renamed.created_at).toBe(saved.created_at);

      const reverted = await api.ok('RevertTemplate', { params: email('reset_password_code') });
      expect(reverted).toEqual(system);
      expect(await api.ok('GetTemplate', { params: email('reset_password_code') })).toEqual(system);
      // Clerk has no template events: none of this emitted anything.
      expect((await listOutboxEvents(t.database.db, t.instanceId)).length).toBe(before);
    });

    it('refuses a body without a required variable, naming the variable', async () => {
      const error = await firstError(
        'UpsertTemplate',
        { params: email('verification_code'), body: { body: 'Your code: {{code}}' } },
        422,
        'form_param_value_invalid',
      );
      expect(error.meta).toEqual({ param_name: 'body' });
      expect(error.long_message).toContain('{{otp_code}}');
      await api.fail(
        'UpsertTemplate',
        { params: email('invitation'), body: { body: 'Join us at {{url}}' } },
        422,
        'form_param_value_invalid',
      );
      // The variable in a block helper counts.
      await api.ok('UpsertTemplate', {
        params: email('invitation'),
        body: { body: '{{#if action_url}}Join: {{action_url}}{{/if}}' },
      });
      await api.ok('RevertTemplate', { params: email('invitation') });
    });

    it('refuses a body or subject that does not compile, naming it', async () => {
      for (const [field, text] of [
        ['body', 'Code {{otp_code}} {{#if app.name}}unclosed'],
        ['body', '{{otp_code}} {{'],
        ['body', '{{otp_code}} {{unknownHelper otp_code}}'],
        ['subject', 'Code {{/if}}'],
      ] as const) {
        const body = field === 'body' ? { body: text } : { subject: text };
        const error = await firstError(
          'UpsertTemplate',
          { params: email('verification_code'), body },
          422,
          'form_param_value_invalid',
        );
        expect(error.meta, text).toEqual({ param_name: field });
      }
      const current = await api.ok('GetTemplate', { params: email('verification_code') });
      expect(current.resource_type).toBe('system');
    });

    it('refuses email-only fields on an SMS template, an empty subject and a bad sender name', async () => {
      for (const body of [
        { subject: 'Hello' },
        { from_email_name: 'hello' },
        { reply_to_email_name: 'hello' },
      ]) {
        const error = await firstError(
          'UpsertTemplate',
          { params: sms('verification_code'), body },
          422,
          'form_param_not_allowed',
        );
        expect(error.meta).toEqual({ param_name: Object.keys(body)[0] });
      }
      await api.fail(
        'UpsertTemplate',
        { params: email('verification_code'), body: { subject: ' ' } },
        422,
        'form_param_value_invalid',
      );
      const error = await firstError(
        'UpsertTemplate',
        { params: email('verification_code'), body: { from_email_name: 'no one@here' } },
        422,
        'form_param_value_invalid',
      );
      expect(error.meta).toEqual({ param_name: 'from_email_name' });
      await api.fail(
        'UpsertTemplate',
        { params: email('verification_code'), body: { name: '' } },
        422,
        'form_param_value_invalid',
      );
    });

    it('answers 404 for an unknown slug and 400 when reverting a system template', async () => {
      await api.fail(
        'UpsertTemplate',
        { params: email('nope'), body: { body: 'x' } },
        404,
        'resource_not_found',
      );
      await api.fail('RevertTemplate', { params: sms('nope') }, 404, 'resource_not_found');
      await api.fail('RevertTemplate', { params: sms('invitation') }, 400, 'bad_request');
    });
  });

  describe('ToggleTemplateDelivery', () => {
    it('sets delivered_by_clerk on the instance’s copy; revert restores delivery', async () => {
      const off = await api.ok('ToggleTemplateDelivery', {
        params: sms('invitation'),
        body: { delivered_by_clerk: false },
      });
      expect(off).toMatchObject({
        resource_type: 'user',
        delivered_by_clerk: false,
        can_revert: true,
        body: (await api.ok('GetTemplate', { params: sms('invitation') })).body,
      });
      const again = await api.ok('ToggleTemplateDelivery', {
        params: sms('invitation'),
        body: { delivered_by_clerk: false },
      });
      expect(again).toMatchObject({ id: off.id, delivered_by_clerk: false });
      // Without a value it flips.
      const flipped = await api.ok('ToggleTemplateDelivery', {
        params: sms('invitation'),
        body: {},
      });
      expect(flipped.delivered_by_clerk).toBe(true);
      expect(
        (await api.ok('RevertTemplate', { params: sms('invitation') })).delivered_by_clerk,
      ).toBe(true);
      await api.fail(
        'ToggleTemplateDelivery',
        { params: email('nope'), body: { delivered_by_clerk: true } },
        404,
        'resource_not_found',
      );
    });
  });

  describe('PreviewTemplate', () => {
    it('renders the given subject and body with sample values', async () => {
      const preview = await api.ok('PreviewTemplate', {
        params: email('organization_invitation'),
        body: {
          subject: '{{inviter_name}} invites you to {{org.name}}',
          body: 'Join {{org.name}} on {{app.name}}: {{action_url}}',
          from_email_name: 'hello',
        },
      });
      expect(preview).toEqual({
        subject: 'Jane Doe invites you to Acme Inc',
        body: expect.stringMatching(/^Join Acme Inc on .+: https:\/\/.+$/),
        from_email_address: `hello@${t.instance.frontendApi}`,
        reply_to_email_address: null,
      });
    });

    it('renders the instance’s template when no body is given', async () => {
      const preview = await api.ok('PreviewTemplate', {
        params: sms('verification_code'),
        body: {},
      });
      expect(preview).toEqual({
        subject: null,
        body: '123456 is your verification code. It expires in 10 minutes.',
        from_email_address: null,
        reply_to_email_address: null,
      });
      const system = await api.ok('PreviewTemplate', { params: email('verification_code') });
      expect(system).toMatchObject({
        subject: '123456 is your verification code',
        from_email_address: `notifications@${t.instance.frontendApi}`,
      });
    });

    it('answers 404 for an unknown type or slug and 422 for a broken template', async () => {
      await api.fail('PreviewTemplate', { params: { template_type: 'fax', slug: 'x' } }, 404);
      await api.fail('PreviewTemplate', { params: email('nope'), body: {} }, 404);
      const error = await firstError(
        'PreviewTemplate',
        { params: email('verification_code'), body: { body: '{{#each}}' } },
        422,
        'form_param_value_invalid',
      );
      expect(error.meta).toEqual({ param_name: 'body' });
      await api.fail(
        'PreviewTemplate',
        { params: sms('verification_code'), body: { subject: 'x' } },
        422,
        'form_param_not_allowed',
      );
    });
  });
});
