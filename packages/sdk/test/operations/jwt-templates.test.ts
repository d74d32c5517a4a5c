import { expect, it } from 'vitest';
import { describeOperations, expectClerkError } from './operations-suite.js';

describeOperations('jwt-templates', (s) => {
  it('creates, reads, lists, updates and deletes a JWT template', async () => {
    const template = await s.sdk.jwtTemplates.createJWTTemplate({
      name: 'hasura',
      claims: { 'https://hasura.io/jwt/claims': { 'x-hasura-user-id': '{{user.id}}' } },
      lifetime: 120,
    });
    expect(template).toMatchObject({ object: 'jwt_template', name: 'hasura', lifetime: 120 });
    const params = { template_id: template.id };
    expect(await s.sdk.jwtTemplates.getJWTTemplate(params)).toEqual(template);
    expect((await s.sdk.jwtTemplates.listJWTTemplates({})).map((x) => x.id)).toEqual([template.id]);
    const updated = await s.sdk.jwtTemplates.updateJWTTemplate({
      ...params,
      name: 'hasura',
      claims: { role: 'admin' },
      lifetime: 300,
    });
    expect([updated.id, updated.claims, updated.lifetime]).toEqual([
      template.id,
      { role: 'admin' },
      300,
    ]);
    expect(await s.sdk.jwtTemplates.deleteJWTTemplate(params)).toEqual({
      object: 'jwt_template',
      id: template.id,
      deleted: true,
    });
    await expectClerkError(s.sdk.jwtTemplates.getJWTTemplate(params), 404, 'resource_not_found');
  });

  it('refuses a second template of the same name', async () => {
    await s.sdk.jwtTemplates.createJWTTemplate({ name: 'twice', claims: {} });
    await expectClerkError(
      s.sdk.jwtTemplates.createJWTTemplate({ name: 'twice', claims: {} }),
      400,
      'duplicate_record',
    );
  });
});
