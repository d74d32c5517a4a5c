import { beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../helpers/api.js';
import { useTestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser, uniqueEmail } from '../helpers/users.js';

/** `{"a":{"a":…{}…}}` nested `depth` objects deep. */
function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

/** The JSON text of `nested(depth)`, written out without recursion. */
function nestedJson(depth: number): string {
  return `${'{"a":'.repeat(depth)}{}${'}'.repeat(depth)}`;
}

const NUL = '\u0000';
const LONE = '\ud800';

/**
 * Regression tests for hostile input found in review (issue 6): each answered with a 4xx
 * in the Clerk envelope, nothing written, and every later read still working, on both
 * dialects alike.
 */
describe.each(testDialects())('hostile input (%s)', (dialect) => {
  let api: Api;
  let user: Awaited<ReturnType<typeof createTestUser>>;
  beforeAll(async () => {
    ({ api } = await useTestInstance(dialect));
    user = await createTestUser(api, { first_name: 'Steady', public_metadata: { keep: 1 } });
  });

  /** The user is exactly as created, and the list and count still answer. */
  async function expectUnchanged() {
    expect(await api.ok('GetUser', { params: { user_id: user.id } })).toEqual(user);
    expect((await api.ok('GetUserList')).map((u) => u.id)).toContain(user.id);
    await api.ok('GetUsersCount');
  }

  it('create_organizations_limit: 1e400 is refused, not stored as Infinity', async () => {
    const rawBody = '{"create_organizations_limit": 1e400}';
    const patch = await api.fail('UpdateUser', { params: { user_id: user.id }, rawBody }, 422);
    expect(patch.errors[0]).toMatchObject({
      code: 'form_param_format_invalid',
      meta: { param_name: 'create_organizations_limit' },
    });
    const before = (await api.ok('GetUsersCount')).total_count;
    await api.fail(
      'CreateUser',
      {
        rawBody: `{"email_address":["${uniqueEmail()}"],"skip_password_requirement":true,"create_organizations_limit":1e400}`,
      },
      422,
      'form_param_format_invalid',
    );
    expect((await api.ok('GetUsersCount')).total_count).toBe(before);
    await expectUnchanged();
  });

  it('integers beyond a column: create_organizations_limit -2147483649 and 2^31', async () => {
    for (const value of ['-2147483649', '-1', '2147483648', '9007199254740993']) {
      await api.fail(
        'UpdateUser',
        {
          params: { user_id: user.id },
          rawBody: `{"create_organizations_limit": ${value}}`,
        },
        422,
      );
    }
    await expectUnchanged();
  });

  it('metadata nested 5,000 levels deep is a 422 on create, update and both metadata calls', async () => {
    const deep = nestedJson(5000);
    const params = { user_id: user.id };
    const calls = [
      () =>
        api.call('CreateUser', {
          rawBody: `{"email_address":["${uniqueEmail()}"],"public_metadata":${deep}}`,
        }),
      () => api.call('UpdateUser', { params, rawBody: `{"public_metadata":${deep}}` }),
      () => api.call('UpdateUserMetadata', { params, rawBody: `{"private_metadata":${deep}}` }),
      () => api.call('ReplaceUserMetadata', { params, rawBody: `{"unsafe_metadata":${deep}}` }),
    ];
    for (const call of calls) {
      const res = await call();
      expect(res.status).toBe(422);
      expect(res.body.errors[0].code).toBe('form_param_exceeds_allowed_size');
      expect(res.body.errors[0].long_message).toMatch(/deeper than 32 levels/);
    }
    // 31 levels of metadata (32 with the body) is within the limit.
    const ok = await api.ok('UpdateUserMetadata', {
      params,
      rawBody: { unsafe_metadata: nested(30) },
    });
    expect(ok.unsafe_metadata).toEqual(nested(30));
    await api.ok('ReplaceUserMetadata', { params, body: { unsafe_metadata: {} } });
    user = await api.ok('GetUser', { params });
    await expectUnchanged();
  });

  it('a NUL byte in any search or filter is a 422, on the list and the count', async () => {
    for (const key of [
      'query',
      'name_query',
      'email_address_query',
      'username_query',
      'phone_number_query',
      'email_address',
      'user_id',
    ]) {
      for (const op of ['GetUserList', 'GetUsersCount'] as const) {
        const error = await api.fail(op, { query: { [key]: `ab${NUL}c` } }, 422);
        expect(error.errors[0]).toMatchObject({
          code: 'form_param_format_invalid',
          meta: { param_name: key },
        });
      }
    }
  });

  it('query parameters an operation does not take are ignored, NUL or not', async () => {
    const res = await api.call('GetUserList', { rawQuery: 'paginated=%00&limit=1' });
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(1);
  });

  it('NUL and lone surrogates anywhere they could reach the database are a 422', async () => {
    const params = { user_id: user.id };
    await api.fail('GetUser', { params: { user_id: `user_${NUL}x` } }, 422);
    // A lone surrogate cannot even be percent-encoded validly: the URL is refused.
    const lone = await api.app.inject({
      url: '/v1/users/user_%ED%A0%80x',
      headers: { authorization: `Bearer ${api.secretKey}` },
    });
    expect(lone.statusCode).toBe(400);
    expect(lone.json().errors[0].code).toBe('bad_request');
    for (const body of [
      { first_name: `Ada${NUL}` },
      { first_name: `Ada${LONE}` },
      { public_metadata: { [`k${NUL}`]: 1 } },
      { public_metadata: { [`k${LONE}`]: 1 } },
      { public_metadata: { k: `v${LONE}` } },
      { public_metadata: { k: [`v${NUL}`] } },
    ]) {
      const res = await api.call('UpdateUser', { params, rawBody: JSON.stringify(body) });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.errors[0].code).toBe('form_param_format_invalid');
    }
    // Invalid UTF-8 in a query value is decoded leniently: it matches nothing, harmlessly.
    const res = await api.call('GetUserList', {
      rawQuery: 'email_address=a%ED%A0%80%40example.com',
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
    // A surrogate pair is a character like any other.
    const emoji = await api.ok('UpdateUserMetadata', {
      params,
      body: { unsafe_metadata: { mood: '😀' } },
    });
    expect(emoji.unsafe_metadata).toEqual({ mood: '😀' });
    await api.ok('ReplaceUserMetadata', { params, body: { unsafe_metadata: {} } });
    user = await api.ok('GetUser', { params });
    await expectUnchanged();
  });

  it('__proto__ keys are refused, not stored and echoed', async () => {
    const res = await api.call('UpdateUserMetadata', {
      params: { user_id: user.id },
      rawBody: '{"public_metadata": {"__proto__": {"admin": true}}}',
    });
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({
      code: 'form_param_format_invalid',
      meta: { param_name: 'public_metadata' },
    });
    await expectUnchanged();
  });

  it('strings and arrays without a bound in the spec get one', async () => {
    await api.fail(
      'UpdateUser',
      { params: { user_id: user.id }, body: { first_name: 'x'.repeat(900 * 1024) } },
      422,
      'form_param_exceeds_allowed_size',
    );
    const many = Array.from({ length: 20_000 }, (_, i) => `u${i}@example.com`);
    const error = await api.fail(
      'CreateUser',
      { body: { email_address: many, skip_password_requirement: true } },
      422,
      'form_param_exceeds_allowed_size',
    );
    expect(error.errors[0]!.meta).toEqual({ param_name: 'email_address' });
    await expectUnchanged();
  });

  it('a JSON body sent as text/plain is a 415, invalid UTF-8 a 400', async () => {
    await api.fail(
      'UpdateUser',
      { params: { user_id: user.id }, rawBody: '{"first_name":"x"}', contentType: 'text/plain' },
      415,
      'unsupported_content_type',
    );
    const res = await api.app.inject({
      method: 'PATCH',
      url: `/v1/users/${user.id}`,
      headers: { authorization: `Bearer ${api.secretKey}`, 'content-type': 'application/json' },
      payload: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].code).toBe('malformed_request_body');
    await expectUnchanged();
  });
});
