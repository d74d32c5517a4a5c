import { beforeAll, describe, expect, it } from 'vitest';
import type { MemoryFileStore } from '../../src/files/memory-file-store.js';
import { MAX_IMAGE_BYTES } from '../../src/images/image-limits.js';
import type { Api } from '../helpers/api.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser } from '../helpers/users.js';
import { GIF, JPEG, PNG, WEBP, pathOf } from './images.js';

const MISSING_USER = 'user_2ZZZZZZZZZZZZZZZZZZZZZZZZZZ';

describe.each(testDialects())('profile images (%s)', (dialect) => {
  let t: TestInstance;
  let api: Api;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
    api = t.api;
  });

  const upload = (userId: string, data: Buffer, name = 'avatar.png') =>
    api.ok('SetUserProfileImage', {
      params: { user_id: userId },
      form: { file: { data, filename: name, contentType: 'image/png' } },
    });
  const filesHeld = () => (t.app.castellan.files as MemoryFileStore).size;

  it('a new user has the default avatar, served by this server', async () => {
    const user = await createTestUser(api);
    expect(user.has_image).toBe(false);
    expect(user.image_url).toBe('http://localhost/images/default-avatar-v1.png');
    expect(user.profile_image_url).toBe(user.image_url);
    const res = await t.app.inject({ url: pathOf(user.image_url!) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.rawPayload.subarray(1, 4).toString()).toBe('PNG');
  });

  it.each([
    ['PNG', PNG, 'image/png'],
    ['JPEG', JPEG, 'image/jpeg'],
    ['GIF', GIF, 'image/gif'],
    ['WebP', WEBP, 'image/webp'],
  ])('uploads a %s and serves it back, public, with its sniffed type', async (_, data, type) => {
    const user = await createTestUser(api);
    const updated = await upload(user.id, data, 'whatever.bin');
    expect(updated.has_image).toBe(true);
    expect(updated.image_url).toMatch(/^http:\/\/localhost\/images\/img_[0-9A-Za-z]{27}$/);
    expect(updated.profile_image_url).toBe(updated.image_url);
    expect((await api.ok('GetUser', { params: { user_id: user.id } })).image_url).toBe(
      updated.image_url,
    );
    // No secret key: the URL goes into <img src>.
    const res = await t.app.inject({ url: pathOf(updated.image_url!) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(type);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toContain('immutable');
    expect(Number(res.headers['content-length'])).toBe(data.length);
    expect(res.rawPayload.equals(data)).toBe(true);
  });

  it('a new upload replaces the previous image, whose file and URL go', async () => {
    const user = await createTestUser(api);
    const first = await upload(user.id, PNG);
    const before = filesHeld();
    const second = await upload(user.id, GIF);
    expect(second.image_url).not.toBe(first.image_url);
    expect(filesHeld()).toBe(before);
    expect((await t.app.inject({ url: pathOf(first.image_url!) })).statusCode).toBe(404);
    expect((await t.app.inject({ url: pathOf(second.image_url!) })).statusCode).toBe(200);
  });

  it('DeleteUserProfileImage goes back to the default avatar and removes the file', async () => {
    const user = await createTestUser(api);
    const withImage = await upload(user.id, PNG);
    const before = filesHeld();
    const deleted = await api.ok('DeleteUserProfileImage', { params: { user_id: user.id } });
    expect(deleted.has_image).toBe(false);
    expect(deleted.image_url).toBe('http://localhost/images/default-avatar-v1.png');
    expect(filesHeld()).toBe(before - 1);
    const gone = await t.app.inject({ url: pathOf(withImage.image_url!) });
    expect(gone.statusCode).toBe(404);
    expect(gone.json().errors[0].code).toBe('resource_not_found');
    // Again: nothing to delete, the user is answered as it is.
    expect(
      (await api.ok('DeleteUserProfileImage', { params: { user_id: user.id } })).has_image,
    ).toBe(false);
  });

  it('refuses what is not an image, by its bytes, and keeps nothing', async () => {
    const user = await createTestUser(api);
    const before = filesHeld();
    for (const data of [
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      Buffer.from('%PDF-1.7 not an image at all'),
      Buffer.from('short'),
      Buffer.alloc(0),
    ]) {
      const body = await api.fail(
        'SetUserProfileImage',
        {
          params: { user_id: user.id },
          form: { file: { data, filename: 'x.png', contentType: 'image/png' } },
        },
        422,
        'form_param_format_invalid',
      );
      expect(body.errors[0]!.meta).toEqual({ param_name: 'file' });
    }
    expect(filesHeld()).toBe(before);
    expect((await api.ok('GetUser', { params: { user_id: user.id } })).has_image).toBe(false);
  });

  it('refuses an image over 10 MB with 413 and keeps nothing', async () => {
    const user = await createTestUser(api);
    const before = filesHeld();
    const big = Buffer.concat([PNG, Buffer.alloc(MAX_IMAGE_BYTES + 1 - PNG.length)]);
    const res = await api.call('SetUserProfileImage', {
      params: { user_id: user.id },
      form: { file: { data: big } },
    });
    expect(res.status).toBe(413);
    expect(res.body.errors[0].code).toBe('request_body_too_large');
    expect(res.body.errors[0].meta).toEqual({ param_name: 'file' });
    expect(filesHeld()).toBe(before);
    // Exactly 10 MB is accepted.
    const exact = Buffer.concat([PNG, Buffer.alloc(MAX_IMAGE_BYTES - PNG.length)]);
    expect((await upload(user.id, exact)).has_image).toBe(true);
  });

  it('wants exactly one file in the field file', async () => {
    const user = await createTestUser(api);
    const params = { user_id: user.id };
    await api.fail('SetUserProfileImage', { params, form: {} }, 422, 'form_param_missing');
    await api.fail(
      'SetUserProfileImage',
      { params, form: { avatar: { data: PNG } } },
      422,
      'form_param_unknown',
    );
    await api.fail(
      'SetUserProfileImage',
      { params, form: { file: { data: PNG }, note: 'hello' } },
      422,
      'form_param_unknown',
    );
    await api.fail(
      'SetUserProfileImage',
      { params, form: { file: [{ data: PNG }, { data: GIF }] } },
      422,
      'form_param_value_invalid',
    );
    await api.fail(
      'SetUserProfileImage',
      {
        params,
        rawBody: '--x\r\nContent-Disposition: form-data; name="file"\r\n',
        contentType: 'multipart/form-data; boundary=x',
      },
      400,
      'malformed_request_body',
    );
    expect((await api.ok('GetUser', { params })).has_image).toBe(false);
  });

  it('accepts multipart on this operation only, and wants it here', async () => {
    const user = await createTestUser(api);
    await api.fail(
      'SetUserProfileImage',
      { params: { user_id: user.id }, body: { file: 'aGVsbG8=' } },
      415,
      'unsupported_content_type',
    );
    await api.fail(
      'SetUserProfileImage',
      { params: { user_id: user.id } },
      415,
      'unsupported_content_type',
    );
    // Elsewhere a multipart body is refused as before.
    await api.fail(
      'UpdateUser',
      { params: { user_id: user.id }, form: { first_name: 'Mallory' } },
      415,
      'unsupported_content_type',
    );
    expect((await api.ok('GetUser', { params: { user_id: user.id } })).first_name).toBeNull();
  });

  it('unknown users and images are 404', async () => {
    const before = filesHeld();
    await api.fail(
      'SetUserProfileImage',
      { params: { user_id: MISSING_USER }, form: { file: { data: PNG } } },
      404,
      'resource_not_found',
    );
    expect(filesHeld()).toBe(before);
    await api.fail(
      'DeleteUserProfileImage',
      { params: { user_id: MISSING_USER } },
      404,
      'resource_not_found',
    );
    for (const path of [
      '/images/img_000000000000000000000000000',
      '/images/nope',
      '/images/..%2Fx',
    ]) {
      const res = await t.app.inject({ url: path });
      expect(res.statusCode).toBe(404);
      expect(res.json().errors[0].code).toBe('resource_not_found');
    }
  });

  it('an image of another instance is not served through this one’s user, nor usable', async () => {
    const other = await useTestInstance(dialect);
    const stranger = await createTestUser(other.api);
    const theirs = await other.api.ok('SetUserProfileImage', {
      params: { user_id: stranger.id },
      form: { file: { data: PNG } },
    });
    const imageId = pathOf(theirs.image_url!).split('/').pop()!;
    const mine = await createTestUser(api);
    await api.fail(
      'UpdateUser',
      { params: { user_id: mine.id }, body: { profile_image_id: imageId } },
      422,
      'form_param_value_invalid',
    );
    await api.fail(
      'DeleteUserProfileImage',
      { params: { user_id: stranger.id } },
      404,
      'resource_not_found',
    );
    expect((await other.api.ok('GetUser', { params: { user_id: stranger.id } })).has_image).toBe(
      true,
    );
  });

  it('UpdateUser takes profile_image_id of the user’s own uploaded image', async () => {
    const user = await createTestUser(api);
    const withImage = await upload(user.id, PNG);
    const imageId = pathOf(withImage.image_url!).split('/').pop()!;
    const updated = await api.ok('UpdateUser', {
      params: { user_id: user.id },
      body: { profile_image_id: imageId, first_name: 'Ada' },
    });
    expect(updated.image_url).toBe(withImage.image_url);
    expect(updated.first_name).toBe('Ada');
    const other = await createTestUser(api);
    await api.fail(
      'UpdateUser',
      { params: { user_id: other.id }, body: { profile_image_id: imageId, first_name: 'Eve' } },
      422,
      'form_param_value_invalid',
    );
    await api.fail(
      'UpdateUser',
      { params: { user_id: other.id }, body: { profile_image_id: 'img_missing' } },
      422,
      'form_param_value_invalid',
    );
    // The failed update changed nothing.
    expect((await api.ok('GetUser', { params: { user_id: other.id } })).first_name).toBeNull();
    // `null` removes the image, file included.
    const before = filesHeld();
    const cleared = await api.ok('UpdateUser', {
      params: { user_id: user.id },
      body: { profile_image_id: null },
    });
    expect(cleared.has_image).toBe(false);
    expect(cleared.image_url).toBe('http://localhost/images/default-avatar-v1.png');
    expect(filesHeld()).toBe(before - 1);
    expect((await t.app.inject({ url: pathOf(withImage.image_url!) })).statusCode).toBe(404);
  });

  it('deleting the user removes its image', async () => {
    const user = await createTestUser(api);
    const withImage = await upload(user.id, PNG);
    const before = filesHeld();
    await api.ok('DeleteUser', { params: { user_id: user.id } });
    expect(filesHeld()).toBe(before - 1);
    expect((await t.app.inject({ url: pathOf(withImage.image_url!) })).statusCode).toBe(404);
  });
});
