import { describe, expect, it } from 'vitest';
import { operations, toFastifyPath, type OperationDefinition } from '../src/index.js';

const table = operations as Record<string, OperationDefinition>;

describe('operation table', () => {
  it('has the latest spec operations plus CreateUserTOTP from the seed-era spec', () => {
    const ids = Object.keys(table);
    expect(ids).toHaveLength(213);
    expect(ids.filter((id) => table[id]!.source === 'seed-era')).toEqual(['CreateUserTOTP']);
    for (const [id, op] of Object.entries(table)) expect(op.operationId).toBe(id);
  });

  it('keeps methods, paths and groups as the spec has them', () => {
    expect(operations.GetUser).toMatchObject({
      method: 'GET',
      path: '/users/{user_id}',
      group: 'users',
      tags: ['Users'],
      public: false,
    });
    expect(operations.CreateUser).toMatchObject({ method: 'POST', path: '/users' });
    expect(operations.UpdateUser).toMatchObject({ method: 'PATCH', path: '/users/{user_id}' });
    expect(operations.DeleteUser).toMatchObject({ method: 'DELETE', path: '/users/{user_id}' });
    expect(operations.CreateUserTOTP).toMatchObject({
      method: 'POST',
      path: '/users/{user_id}/totp',
      source: 'seed-era',
    });
    expect(operations.GetClientList.deprecated).toBe(true);
  });

  it('marks public exactly the operations whose spec security is empty', () => {
    const publicIds = Object.keys(table).filter((id) => table[id]!.public);
    expect(publicIds).toEqual(['GetPublicInterstitial']);
    // The spec gives GET /jwks the global bearer security; @clerk/backend sends the secret
    // key when it fetches it (see COMPAT.md), so the contract does not mark it public.
    expect(operations.GetJWKS).toMatchObject({ method: 'GET', path: '/jwks', public: false });
  });

  it('types list parameters as the spec does', () => {
    const query = operations.GetUserList.request.querystring;
    expect(query.properties.limit).toMatchObject({
      type: 'integer',
      minimum: 1,
      maximum: 500,
      default: 10,
    });
    expect(query.properties.offset).toMatchObject({ type: 'integer', minimum: 0, default: 0 });
    expect(query.properties.email_address).toMatchObject({
      type: 'array',
      items: { type: 'string' },
    });
    expect(query.required ?? []).toEqual([]);
    expect(operations.GetUser.request.params.required).toEqual(['user_id']);
  });

  it('records bodies, content types and bodiless statuses', () => {
    expect(operations.CreateUser.request).toMatchObject({
      bodyRequired: true,
      bodyContentType: 'application/json',
    });
    expect(operations.SetUserProfileImage.request.bodyContentType).toBe('multipart/form-data');
    expect(operations.GetPublicInterstitial.responses['200']).toBeNull();
    expect(operations.ListAllOrganizationDomains.request.queryStyle).toEqual({
      enrollment_mode: { style: 'form', explode: false },
    });
  });

  it('turns spec paths into Fastify paths', () => {
    expect(toFastifyPath('/users/{user_id}')).toBe('/users/:user_id');
    expect(toFastifyPath('/templates/{template_type}/{slug}')).toBe(
      '/templates/:template_type/:slug',
    );
    expect(toFastifyPath('/jwks')).toBe('/jwks');
  });
});
