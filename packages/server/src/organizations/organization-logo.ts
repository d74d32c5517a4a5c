import type { Readable } from 'node:stream';
import type { ResponseBody } from '@castellan/contract';
import { apiErrors } from '../errors/api-errors.js';
import { MAX_IMAGE_BYTES } from '../images/image-limits.js';
import { removeImageFiles, storeImage, type StoredImage } from '../images/image-upload.js';
import type { Scope } from '../platform/scope.js';
import { runWrite, type WriteTx } from '../platform/write.js';
import { lockUserIfExists } from '../users/user-writes.js';
import { lockExistingOrganization } from './membership-service.js';
import type { Organization } from './organization-mapper.js';
import { assertOrganizationsEnabled } from './organization-rules.js';
import { findOrganization, type OrganizationRow } from './organization-store.js';
import { organizationToApi } from './organization-view.js';
import {
  deleteOrganizationLogos,
  insertOrganizationLogo,
  updateOrganizationRow,
} from './organization-write-store.js';

/** The upload as the route reads it: the file (through `store`) and the text fields. */
export type ReadLogoUpload = (
  maxBytes: number,
  store: (stream: Readable) => Promise<StoredImage>,
  discard: (image: StoredImage) => Promise<void>,
) => Promise<{ file: StoredImage; fields: Record<string, string> }>;

export type OrganizationWithLogo = ResponseBody<'UploadOrganizationLogo', '200'>;

/** The form fields `UploadOrganizationLogo` takes besides `file`. */
export const LOGO_TEXT_FIELDS = ['uploader_user_id'] as const;

/**
 * Points the organization at `imageId` (or none), drops its other logos and emits
 * `organization.updated`; returns the organization and the files no longer named.
 */
async function setLogo(
  tx: WriteTx,
  scope: Scope,
  row: OrganizationRow,
  imageId: string | null,
): Promise<{ organization: Organization; removed: string[] }> {
  const removed = await deleteOrganizationLogos(tx.db, tx.instanceId, row.id, imageId);
  const patch = { image_id: imageId, updated_at: tx.now };
  await updateOrganizationRow(tx.db, tx.instanceId, row.id, patch);
  const organization = await organizationToApi(tx.db, scope.baseUrl, { ...row, ...patch });
  await tx.emit('organization.updated', organization);
  return { organization, removed };
}

/**
 * `PUT /v1/organizations/{id}/logo` (`multipart/form-data`: `file`, optional
 * `uploader_user_id`): stored and checked as a profile image is (PNG, JPEG, GIF or WebP by
 * its first bytes, at most 10 MB, streamed), recorded with the organization in one write.
 * The previous logo goes with its file; a failure at any step leaves no file and no row.
 */
export async function uploadOrganizationLogo(
  scope: Scope,
  idOrSlug: string,
  readUpload: ReadLogoUpload,
): Promise<OrganizationWithLogo> {
  await assertOrganizationsEnabled(scope.db, scope.instanceId);
  // An unknown organization is answered before a byte of the file is read.
  if (!(await findOrganization(scope.db, scope.instanceId, idOrSlug))) {
    throw apiErrors.notFound('organization', idOrSlug);
  }
  const { file: image, fields } = await readUpload(
    MAX_IMAGE_BYTES,
    (stream) => storeImage(scope.files, scope.instanceId, stream),
    (stored) => scope.files.delete(stored.key),
  );
  const uploader = fields.uploader_user_id?.trim() || null;
  try {
    const { organization, removed } = await runWrite(scope, async (tx) => {
      const row = await lockExistingOrganization(tx, idOrSlug);
      if (uploader !== null && !(await lockUserIfExists(tx, uploader))) {
        throw apiErrors.userParamNotFound('uploader_user_id', uploader);
      }
      await insertOrganizationLogo(tx.db, {
        id: image.id,
        instance_id: tx.instanceId,
        organization_id: row.id,
        uploader_user_id: uploader,
        content_type: image.contentType,
        size: image.size,
        storage_key: image.key,
        created_at: tx.now,
      });
      return setLogo(tx, scope, row, image.id);
    });
    await removeImageFiles(scope.files, removed);
    // The mapper always sets `image_url` (the logo's, here), as this answer requires.
    return { ...organization, image_url: organization.image_url ?? '' };
  } catch (error) {
    await scope.files.delete(image.key);
    throw error;
  }
}

/**
 * `DELETE /v1/organizations/{id}/logo`: back to the default image; the file goes. An
 * organization without a logo is answered unchanged (no write, no event).
 */
export async function deleteOrganizationLogo(
  scope: Scope,
  idOrSlug: string,
): Promise<Organization> {
  await assertOrganizationsEnabled(scope.db, scope.instanceId, 400);
  const { organization, removed } = await runWrite(scope, async (tx) => {
    const row = await lockExistingOrganization(tx, idOrSlug);
    if (row.image_id === null) {
      return { organization: await organizationToApi(tx.db, scope.baseUrl, row), removed: [] };
    }
    return setLogo(tx, scope, row, null);
  });
  await removeImageFiles(scope.files, removed);
  return organization;
}
