import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { ClerkErrors, type FileInput } from '../../src/index.js';
import { PNG, pathOf } from '../../../server/test/profile/images.js';
import { testDialects } from '../../../server/test/helpers/test-server.js';
import { useSdk, type SdkSuite } from '../sdk-helpers.js';

describe.each(testDialects())('profile images through the SDK (%s)', (dialect) => {
  let suite: SdkSuite;
  beforeAll(async () => {
    suite = await useSdk(dialect);
  });

  it.each<[string, () => FileInput]>([
    ['a Buffer', () => ({ fileName: 'me.png', content: PNG, contentType: 'image/png' })],
    ['a Blob', () => new File([PNG], 'me.png', { type: 'image/png' })],
    [
      'a stream',
      () => ({
        fileName: 'me.png',
        content: Readable.from([PNG.subarray(0, 100), PNG.subarray(100)]),
        contentType: 'image/png',
      }),
    ],
    [
      'a web stream',
      () => ({
        fileName: 'me.png',
        content: new Blob([PNG]).stream(),
        contentType: 'image/png',
      }),
    ],
  ])('setUserProfileImage with %s', async (_, file) => {
    const { sdk, instance } = suite;
    const user = await sdk.users.createUser({
      email_address: [`img-${Math.random().toString(36).slice(2)}@example.com`],
      skip_password_requirement: true,
    });
    expect(user.has_image).toBe(false);
    const updated = await sdk.users.setUserProfileImage({ user_id: user.id!, file: file() });
    expect(updated.has_image).toBe(true);
    expect(updated.image_url).not.toBe(user.image_url);
    expect(updated.image_url).toMatch(/\/images\/img_[0-9A-Za-z]{27}$/);
    expect((await sdk.users.getUser({ user_id: user.id! })).image_url).toBe(updated.image_url);
    const served = await instance.app.inject({ url: pathOf(updated.image_url!) });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.rawPayload.equals(PNG)).toBe(true);
  });

  it('a file that is not an image is refused with ClerkErrors, the user unchanged', async () => {
    const { sdk } = suite;
    const user = await sdk.users.createUser({
      email_address: [`txt-${Math.random().toString(36).slice(2)}@example.com`],
      skip_password_requirement: true,
    });
    const err = await sdk.users
      .setUserProfileImage({
        user_id: user.id!,
        file: Readable.from([Buffer.from('not an image at all')]),
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClerkErrors);
    expect((err as ClerkErrors).statusCode).toBe(422);
    expect((err as ClerkErrors).data.errors[0]!.code).toBe('form_param_format_invalid');
    expect((await sdk.users.getUser({ user_id: user.id! })).has_image).toBe(false);
  });
});
