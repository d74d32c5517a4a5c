import { beforeAll, describe, expect, it } from 'vitest';
import type { MemoryFileStore } from '../../src/files/memory-file-store.js';
import { MAX_IMAGE_BYTES } from '../../src/images/image-limits.js';
import { createTestOrganization, enableOrganizations } from '../helpers/organizations.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser } from '../helpers/users.js';
import { GIF, PNG, pathOf } from '../profile/images.js';
import { eventsOf } from '../sessions/session-helpers.js';

describe.each(testDialects())('organization logos (%s)', (dialect) => {
  let t: TestInstance;

  beforeAll(async () => {
    t = await useTestInstance(dialect);
  });

  const filesHeld = () => (t.app.castellan.files as MemoryFileStore).size;
  const upload = (organizationId: string, data: Buffer, extra: Record<string, string> = {}) =>
    t.api.ok('UploadOrganizationLogo', {
      params: { organization_id: organizationId },
      form: { file: { data, filename: 'logo.png', contentType: 'image/png' }, ...extra },
    });
  const logoRows = async (organizationId: string) =>
    t.database.db
      .selectFrom('organization_logos')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .execute();

  it('is refused while organizations are disabled', async () => {
    await t.api.fail(
      'UploadOrganizationLogo',
      { params: { organization_id: 'org_any' }, form: { file: { data: PNG } } },
      403,
      'organization_not_enabled_in_instance',
    );
    await t.api.fail(
      'DeleteOrganizationLogo',
      { params: { organization_id: 'org_any' } },
      400,
      'organization_not_enabled_in_instance',
    );
    await enableOrganizations(t.api);
  });

  it('uploads a logo, served publicly; a new one replaces it and its file', async () => {
    const uploader = await createTestUser(t.api);
    const org = await createTestOrganization(t.api);
    expect(org.has_image).toBe(false);
    expect(org.image_url).toBe('http://localhost/images/default-avatar-v1.png');
    const first = await upload(org.id, PNG, { uploader_user_id: uploader.id });
    expect(first).toMatchObject({ id: org.id, has_image: true });
    expect(first.image_url).toMatch(/^http:\/\/localhost\/images\/img_[0-9A-Za-z]{27}$/);
    expect(first.logo_url).toBe(first.image_url);
    const served = await t.app.inject({ url: pathOf(first.image_url) });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.rawPayload.equals(PNG)).toBe(true);
    expect((await logoRows(org.id))[0]).toMatchObject({ uploader_user_id: uploader.id });
    const read = await t.api.ok('GetOrganization', { params: { organization_id: org.id } });
    expect(read.image_url).toBe(first.image_url);

    const before = filesHeld();
    const second = await upload(org.slug, GIF);
    expect(second.image_url).not.toBe(first.image_url);
    expect(filesHeld()).toBe(before);
    expect((await t.app.inject({ url: pathOf(first.image_url) })).statusCode).toBe(404);
    expect(await logoRows(org.id)).toHaveLength(1);
    const events = (await eventsOf(t, 'organization.updated')).filter((e) => e.id === org.id);
    expect(events.map((e) => e.image_url)).toEqual([first.image_url, second.image_url]);
  });

  it('DeleteOrganizationLogo goes back to the default image and removes the file', async () => {
    const org = await createTestOrganization(t.api);
    const withLogo = await upload(org.id, PNG);
    const before = filesHeld();
    const deleted = await t.api.ok('DeleteOrganizationLogo', {
      params: { organization_id: org.id },
    });
    expect(deleted).toMatchObject({ has_image: false });
    expect(deleted.image_url).toBe('http://localhost/images/default-avatar-v1.png');
    expect('logo_url' in deleted).toBe(false);
    expect(filesHeld()).toBe(before - 1);
    expect((await t.app.inject({ url: pathOf(withLogo.image_url) })).statusCode).toBe(404);
    // Again: nothing to delete, answered as it is, no event.
    const count = (await eventsOf(t, 'organization.updated')).length;
    const again = await t.api.ok('DeleteOrganizationLogo', {
      params: { organization_id: org.id },
    });
    expect(again).toEqual(deleted);
    expect(await eventsOf(t, 'organization.updated')).toHaveLength(count);
    await t.api.fail(
      'DeleteOrganizationLogo',
      { params: { organization_id: 'org_missing' } },
      404,
      'resource_not_found',
    );
  });

  it('refuses bad uploads, unknown organizations and uploaders, and keeps nothing', async () => {
    const org = await createTestOrganization(t.api);
    const params = { organization_id: org.id };
    const before = filesHeld();
    await t.api.fail(
      'UploadOrganizationLogo',
      { params, form: { file: { data: Buffer.from('%PDF-1.7 nope') } } },
      422,
      'form_param_format_invalid',
    );
    const big = Buffer.concat([PNG, Buffer.alloc(MAX_IMAGE_BYTES + 1 - PNG.length)]);
    await t.api.fail('UploadOrganizationLogo', { params, form: { file: { data: big } } }, 413);
    await t.api.fail('UploadOrganizationLogo', { params, form: {} }, 422, 'form_param_missing');
    await t.api.fail(
      'UploadOrganizationLogo',
      { params, form: { file: { data: PNG }, note: 'x' } },
      422,
      'form_param_unknown',
    );
    await t.api.fail(
      'UploadOrganizationLogo',
      { params, form: { uploader_user_id: ['a', 'b'] as never, file: { data: PNG } } },
      422,
      'form_param_value_invalid',
    );
    await t.api.fail(
      'UploadOrganizationLogo',
      { params, form: { file: { data: PNG }, uploader_user_id: 'user_missing' } },
      400,
      'resource_not_found',
    );
    await t.api.fail(
      'UploadOrganizationLogo',
      { params: { organization_id: 'org_missing' }, form: { file: { data: PNG } } },
      404,
      'resource_not_found',
    );
    await t.api.fail('UploadOrganizationLogo', { params, body: { file: 'x' } }, 415);
    expect(filesHeld()).toBe(before);
    expect(await logoRows(org.id)).toHaveLength(0);
    expect((await t.api.ok('GetOrganization', { params })).has_image).toBe(false);
  });

  it('keeps the logo when its uploader is deleted; deleting the organization removes it', async () => {
    const uploader = await createTestUser(t.api);
    const org = await createTestOrganization(t.api);
    const withLogo = await upload(org.id, PNG, { uploader_user_id: uploader.id });
    await t.api.ok('DeleteUser', { params: { user_id: uploader.id } });
    expect((await logoRows(org.id))[0]).toMatchObject({ uploader_user_id: null });
    expect((await t.app.inject({ url: pathOf(withLogo.image_url) })).statusCode).toBe(200);
    const before = filesHeld();
    await t.api.ok('DeleteOrganization', { params: { organization_id: org.id } });
    expect(filesHeld()).toBe(before - 1);
    expect(await logoRows(org.id)).toHaveLength(0);
    expect((await t.app.inject({ url: pathOf(withLogo.image_url) })).statusCode).toBe(404);
  });
});
