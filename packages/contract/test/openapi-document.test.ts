import { validate } from '@scalar/openapi-parser';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument, operations, type OperationId } from '../src/index.js';

// The document is plain JSON, walked by key in the assertions.
type Json = Record<string, any>;

function documentFor(operationIds: OperationId[]): Json {
  return buildOpenApiDocument({
    operationIds,
    serverUrl: 'http://127.0.0.1:3210/v1',
    title: 'Castellan',
    version: '0.1.0',
  });
}

describe('buildOpenApiDocument', () => {
  const doc = documentFor([
    'GetUser',
    'GetUserList',
    'CreateUser',
    'UpdateUser',
    'GetPublicInterstitial',
    'ListAllOrganizationDomains',
    'CreateUserTOTP',
  ]);

  it('lists only the given operations, under their spec paths and methods', () => {
    expect(doc.openapi).toBe('3.0.3');
    expect(doc.servers).toEqual([{ url: 'http://127.0.0.1:3210/v1' }]);
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/organization_domains',
      '/public/interstitial',
      '/users',
      '/users/{user_id}',
      '/users/{user_id}/totp',
    ]);
    expect(Object.keys(doc.paths['/users'])).toEqual(['post', 'get']);
    expect(Object.keys(doc.paths['/users/{user_id}'])).toEqual(['get', 'patch']);
    expect(doc.paths['/users/{user_id}'].get.operationId).toBe('GetUser');
  });

  it('declares bearer auth globally and lifts it for public operations', () => {
    expect(doc.components.securitySchemes).toEqual({
      bearerAuth: { type: 'http', scheme: 'bearer' },
    });
    expect(doc.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths['/public/interstitial'].get.security).toEqual([]);
    expect(doc.paths['/users/{user_id}'].get.security).toBeUndefined();
  });

  it('carries parameters with their constraints and styles', () => {
    const list = doc.paths['/users'].get.parameters as Json[];
    expect(list.find((p) => p.name === 'limit')).toEqual({
      name: 'limit',
      in: 'query',
      required: false,
      schema: { type: 'integer', minimum: 1, maximum: 500, default: 10 },
    });
    const user = doc.paths['/users/{user_id}'].get.parameters as Json[];
    expect(user).toEqual([
      { name: 'user_id', in: 'path', required: true, schema: { type: 'string' } },
    ]);
    const domains = doc.paths['/organization_domains'].get.parameters as Json[];
    expect(domains.find((p) => p.name === 'enrollment_mode')).toMatchObject({
      style: 'form',
      explode: false,
    });
  });

  it('restores OpenAPI 3.0 nullability and component refs', () => {
    const user = doc.components.schemas.User;
    expect(doc.paths['/users/{user_id}'].get.responses['200']).toEqual({
      description: 'OK',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/User' } } },
    });
    expect(user.properties.first_name).toEqual({ type: 'string', nullable: true });
    expect(user.properties.private_metadata).toEqual({
      type: 'object',
      additionalProperties: true,
      nullable: true,
    });
    expect(user.properties.email_addresses).toEqual({
      type: 'array',
      items: { $ref: '#/components/schemas/EmailAddress' },
    });
    expect(user.properties.scim).toEqual({
      allOf: [{ $ref: '#/components/schemas/SCIMUserMetadata' }],
      nullable: true,
    });
    expect(JSON.stringify(doc)).not.toMatch(/"type":\[|"const":|"\$id"|"type":"null"/);
  });

  it('keeps plain optional fields plain, not $refs to a primitive component', () => {
    // Regression: every optional `{type: string}` (password_hasher, external_id, query
    // parameters, 101 in all) was matched by content to `PasswordHasher` and became a $ref.
    const all = documentFor(Object.keys(operations) as OperationId[]);
    for (const path of ['/users', '/users/{user_id}']) {
      const method = path === '/users' ? 'post' : 'patch';
      const body = all.paths[path][method].requestBody.content['application/json'].schema;
      expect(body.properties.password_hasher).toEqual({ type: 'string' });
    }
    const primitives = Object.entries(all.components.schemas as Record<string, Json>)
      .filter(([, schema]) => Object.keys(schema).every((k) => k === 'type' || k === 'format'))
      .map(([name]) => name);
    expect(primitives).toEqual([]);
    expect(JSON.stringify(all)).not.toContain('#/components/schemas/PasswordHasher');
  });

  it('validates password_hasher as the plain string the spec declares', () => {
    for (const id of ['CreateUser', 'UpdateUser'] as const) {
      const body = operations[id].request.body as unknown as Json;
      expect(JSON.parse(JSON.stringify(body.properties.password_hasher))).toEqual({
        type: 'string',
      });
    }
  });

  it('keeps request bodies with their content types', () => {
    const create = doc.paths['/users'].post.requestBody;
    expect(create.required).toBe(true);
    expect(Object.keys(create.content)).toEqual(['application/json']);
    expect(doc.paths['/public/interstitial'].get.responses['200']).toEqual({ description: 'OK' });
  });

  it('carries the introduction as info.description only when one is given', () => {
    expect(doc.info).toEqual({ title: 'Castellan', version: '0.1.0' });
    const described = buildOpenApiDocument({
      operationIds: ['GetUser'],
      serverUrl: '/v1',
      title: 'Castellan',
      version: '0.1.0',
      description: 'Castellan speaks the **Clerk Backend API**.',
    });
    expect(described.info).toEqual({
      title: 'Castellan',
      version: '0.1.0',
      description: 'Castellan speaks the **Clerk Backend API**.',
    });
    expect(described.servers).toEqual([{ url: '/v1' }]);
  });

  it('is a valid OpenAPI 3.0 document, for a few operations and for all of them', async () => {
    const few = await validate(structuredClone(doc));
    expect(few.errors ?? []).toEqual([]);
    const all = documentFor(Object.keys(operations) as OperationId[]);
    expect(Object.values(all.paths).flatMap((item) => Object.keys(item as Json))).toHaveLength(213);
    const result = await validate(structuredClone(all));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });
});
