import { beforeAll, describe, expect, it } from 'vitest';
import type { MemoryFileStore } from '../../src/files/memory-file-store.js';
import { MAX_IMAGE_BYTES } from '../../src/images/image-limits.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser } from '../helpers/users.js';
import { GIF, PNG, pathOf } from '../profile/images.js';

let counter = 0;

describe.each(testDialects())('UploadOAuthApplicationLogo (%s)', (dialect) => {
  let t: TestInstance;

  beforeAll(async () => {
    t = await useTestInstance(dialect);
  });

  const filesHeld = () => (t.app.castellan.files as MemoryFileStore).size;
  const createApp = () =>
    t.api.ok('CreateOAuthApplication', { body: { name: `Logo app ${(counter += 1)}` } });
  const upload = (id: string, data: Buffer, extra: Record<string, string> = {}) =>
    t.api.ok('UploadOAuthApplicationLogo', {
      params: { oauth_application_id: id },
      form: { file: { data, filename: 'logo.png', contentType: 'image/png' }, ...extra },
    });
  const logoRows = (id: string) =>
    t.database.db
      .selectFrom('oauth_application_logos')
      .selectAll()
      .where('oauth_application_id', '=', id)
      .execute();

  it('uploads a logo, served publicly at client_image_url; a new one replaces it and its file', async () => {
    const uploader = await createTestUser(t.api);
    const app = await createApp();
    expect(app.client_image_url).toBeNull();
    const first = await upload(app.id, PNG, { uploader_user_id: uploader.id });
    expect(first.id).toBe(app.id);
    expect(first.client_image_url).toMatch(/^http:\/\/localhost\/images\/img_[0-9A-Za-z]{27}$/);
    expect('client_secret' in first).toBe(false);
    const served = await t.app.inject({ url: pathOf(first.client_image_url!) });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.rawPayload.equals(PNG)).toBe(true);
    expect((await logoRows(app.id))[0]).toMatchObject({ uploader_user_id: uploader.id });
    const read = await t.api.ok('GetOAuthApplication', {
      params: { oauth_application_id: app.id },
    });
    expect(read.client_image_url).toBe(first.client_image_url);

    const before = filesHeld();
    const second = await upload(app.id, GIF);
    expect(second.client_image_url).not.toBe(first.client_image_url);
    expect(filesHeld()).toBe(before);
    expect((await t.app.inject({ url: pathOf(first.client_image_url!) })).statusCode).toBe(404);
    expect(await logoRows(app.id)).toHaveLength(1);
  });

  it('refuses bad images, unknown applications and uploaders, and keeps nothing', async () => {
    const app = await createApp();
    const params = { oauth_application_id: app.id };
    const before = filesHeld();
    await t.api.fail(
      'UploadOAuthApplicationLogo',
      { params, form: { file: { data: Buffer.from('%PDF-1.7 not an image') } } },
      422,
      'form_param_format_invalid',
    );
    const big = Buffer.concat([PNG, Buffer.alloc(MAX_IMAGE_BYTES + 1 - PNG.length)]);
    await t.api.fail('UploadOAuthApplicationLogo', { params, form: { file: { data: big } } }, 413);
    await t.api.fail('UploadOAuthApplicationLogo', { params, form: {} }, 422, 'form_param_missing');
    await t.api.fail(
      'UploadOAuthApplicationLogo',
      { params, form: { file: { data: PNG }, note: 'x' } },
      422,
      'form_param_unknown',
    );
    const uploader = await t.api.fail(
      'UploadOAuthApplicationLogo',
      { params, form: { file: { data: PNG }, uploader_user_id: 'user_missing' } },
      400,
      'resource_not_found',
    );
    expect(uploader.errors[0]!.meta).toEqual({ param_name: 'uploader_user_id' });
    await t.api.fail(
      'UploadOAuthApplicationLogo',
      { params: { oauth_application_id: 'oa_missing' }, form: { file: { data: PNG } } },
      404,
      'resource_not_found',
    );
    await t.api.fail('UploadOAuthApplicationLogo', { params, body: { file: 'x' } as never }, 415);
    expect(filesHeld()).toBe(before);
    expect(await logoRows(app.id)).toHaveLength(0);
    expect((await t.api.ok('GetOAuthApplication', { params })).client_image_url).toBeNull();
  });

  it('keeps the logo when its uploader is deleted; deleting the application removes it', async () => {
    const uploader = await createTestUser(t.api);
    const app = await createApp();
    const withLogo = await upload(app.id, PNG, { uploader_user_id: uploader.id });
    await t.api.ok('DeleteUser', { params: { user_id: uploader.id } });
    expect((await logoRows(app.id))[0]).toMatchObject({ uploader_user_id: null });
    const url = pathOf(withLogo.client_image_url!);
    expect((await t.app.inject({ url })).statusCode).toBe(200);
    const before = filesHeld();
    await t.api.ok('DeleteOAuthApplication', { params: { oauth_application_id: app.id } });
    expect(filesHeld()).toBe(before - 1);
    expect(await logoRows(app.id)).toHaveLength(0);
    expect((await t.app.inject({ url })).statusCode).toBe(404);
  });
});
