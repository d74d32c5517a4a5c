import { beforeAll, describe, expect, it } from 'vitest';
import { lastCodeSentTo } from '../helpers/messages.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser, uniqueEmail } from '../helpers/users.js';
import type { FapiTestInstance } from './core-fapi.js';
import { newBrowser, PASSWORD, useFlowsInstance } from './flows-helpers.js';

describe.each(testDialects())('FAPI flows under concurrent requests (%s)', (dialect) => {
  let t: FapiTestInstance;
  beforeAll(async () => {
    t = await useFlowsInstance(dialect, 'production');
  });

  it('one code sent twice at once completes the sign-up once: one user, one session', async () => {
    const b = await newBrowser(t);
    const email = uniqueEmail('race-up');
    const created = await b.call('POST', '/v1/client/sign_ups', {
      form: { email_address: email, password: PASSWORD },
    });
    const id = created.body.response.id;
    await b.call('POST', `/v1/client/sign_ups/${id}/prepare_verification`, {
      form: { strategy: 'email_code' },
    });
    const code = await lastCodeSentTo(t, email);
    const attempt = () =>
      b.call('POST', `/v1/client/sign_ups/${id}/attempt_verification`, {
        form: { strategy: 'email_code', code },
      });
    const results = await Promise.all([attempt(), attempt(), attempt()]);
    const completed = results.filter((r) => r.status === 200);
    expect(completed).toHaveLength(1);
    expect(completed[0]!.body.response.status).toBe('complete');
    for (const failed of results.filter((r) => r.status !== 200)) {
      expect(failed.status).toBeLessThan(500);
    }
    const users = await t.api.ok('GetUserList', { query: { email_address: [email] } });
    expect(users).toHaveLength(1);
    const sessions = await t.app.inject({
      method: 'GET',
      url: `/v1/sessions?user_id=${users[0]!.id}`,
      headers: t.auth,
    });
    expect(sessions.json()).toHaveLength(1);
  });

  it('one sign-in code sent twice at once signs in once', async () => {
    const email = uniqueEmail('race-in');
    const u = await createTestUser(t.api, { email_address: [email], password: PASSWORD });
    const b = await newBrowser(t);
    const signIn = (await b.call('POST', '/v1/client/sign_ins', { form: { identifier: email } }))
      .body.response;
    await b.call('POST', `/v1/client/sign_ins/${signIn.id}/prepare_first_factor`, {
      form: { strategy: 'email_code' },
    });
    const code = await lastCodeSentTo(t, email);
    const attempt = () =>
      b.call('POST', `/v1/client/sign_ins/${signIn.id}/attempt_first_factor`, {
        form: { strategy: 'email_code', code },
      });
    const results = await Promise.all([attempt(), attempt(), attempt()]);
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    for (const failed of results.filter((r) => r.status !== 200)) {
      expect(failed.status).toBeLessThan(500);
    }
    const sessions = await t.app.inject({
      method: 'GET',
      url: `/v1/sessions?user_id=${u.id}`,
      headers: t.auth,
    });
    expect(sessions.json()).toHaveLength(1);
  });
});
