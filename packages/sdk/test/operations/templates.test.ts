import { expect, it } from 'vitest';
import { describeOperations, expectClerkError } from './operations-suite.js';

describeOperations('templates', (s) => {
  it('lists, reads, overrides, previews, toggles and reverts a template', async () => {
    const templates = s.sdk.emailAndSmsTemplates;
    const list = await templates.getTemplateList({ template_type: 'email', limit: 100 });
    expect(Array.isArray(list) && list[0]).toMatchObject({
      object: 'template',
      slug: 'verification_code',
      resource_type: 'system',
    });
    const params = { template_type: 'email' as const, slug: 'verification_code' };
    const system = await templates.getTemplate(params);
    expect(system.required_variables).toEqual(['otp_code']);

    const saved = await templates.upsertTemplate({
      ...params,
      subject: 'Your {{app.name}} code',
      body: 'Code: {{otp_code}}',
    });
    expect(saved).toMatchObject({
      resource_type: 'user',
      can_revert: true,
      body: 'Code: {{otp_code}}',
    });
    expect(await templates.previewTemplate({ ...params })).toMatchObject({
      body: 'Code: 123456',
    });
    const toggled = await templates.toggleTemplateDelivery({
      ...params,
      delivered_by_clerk: false,
    });
    expect(toggled).toMatchObject({ id: saved.id, delivered_by_clerk: false });
    expect(await templates.revertTemplate(params)).toEqual(system);

    await expectClerkError(
      templates.upsertTemplate({ ...params, body: 'no code here' }),
      422,
      'form_param_value_invalid',
    );
    await expectClerkError(
      templates.getTemplate({ template_type: 'sms', slug: 'nope' }),
      404,
      'resource_not_found',
    );
  });
});
