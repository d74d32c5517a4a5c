import { beforeAll, describe, expect, it } from 'vitest';
import { expectContract } from '../helpers/contract.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser } from '../helpers/users.js';
import { PNG } from './images.js';

/** Multipart bodies a client should not send: each is a 4xx in the Clerk envelope, none stores anything. */
const HOSTILE: [string, string, Buffer | string][] = [
  ['no boundary', 'multipart/form-data', '--x\r\n'],
  ['an empty body', 'multipart/form-data; boundary=x', ''],
  ['only the closing boundary', 'multipart/form-data; boundary=x', '--x--\r\n'],
  [
    'a part without Content-Disposition',
    'multipart/form-data; boundary=x',
    '--x\r\nContent-Type: image/png\r\n\r\nabc\r\n--x--\r\n',
  ],
  [
    'a file part cut short',
    'multipart/form-data; boundary=x',
    Buffer.concat([
      Buffer.from('--x\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n'),
      PNG.subarray(0, 100),
    ]),
  ],
  [
    'a __proto__ field',
    'multipart/form-data; boundary=x',
    '--x\r\nContent-Disposition: form-data; name="__proto__"\r\n\r\n{}\r\n--x--\r\n',
  ],
  [
    'a field name of 10,000 characters',
    'multipart/form-data; boundary=x',
    `--x\r\nContent-Disposition: form-data; name="${'f'.repeat(10_000)}"\r\n\r\nv\r\n--x--\r\n`,
  ],
  [
    'twenty text fields',
    'multipart/form-data; boundary=x',
    Array.from(
      { length: 20 },
      (_, i) => `--x\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nv\r\n`,
    ).join('') + '--x--\r\n',
  ],
  ['multipart/mixed', 'multipart/mixed; boundary=x', '--x--\r\n'],
];

describe.each(testDialects())('hostile multipart bodies (%s)', (dialect) => {
  let t: TestInstance;
  let userId: string;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
    userId = (await createTestUser(t.api)).id;
  });

  it.each(HOSTILE)('%s: a 4xx, nothing stored', async (_name, contentType, payload) => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/v1/users/${userId}/profile_image`,
      headers: { ...t.auth, 'content-type': contentType },
      payload,
    });
    expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
    expect(res.statusCode, res.body).toBeLessThan(500);
    expectContract('SetUserProfileImage', res);
    const user = await t.api.ok('GetUser', { params: { user_id: userId } });
    expect(user.has_image).toBe(false);
  });
});
