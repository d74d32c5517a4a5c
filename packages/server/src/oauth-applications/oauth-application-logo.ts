import type { Readable } from 'node:stream';
import { apiErrors } from '../errors/api-errors.js';
import { MAX_IMAGE_BYTES } from '../images/image-limits.js';
import { removeImageFiles, storeImage, type StoredImage } from '../images/image-upload.js';
import type { Scope } from '../platform/scope.js';
import { runWrite } from '../platform/write.js';
import { lockUserIfExists } from '../users/user-writes.js';
import { oauthApplicationToApi, type OAuthApplication } from './oauth-application-mapper.js';
import { lockExistingOAuthApplication } from './oauth-application-service.js';
import {
  deleteOAuthApplicationLogos,
  findOAuthApplication,
  insertOAuthApplicationLogo,
  updateOAuthApplicationRow,
} from './oauth-application-store.js';

/** The upload as the route reads it: the file (through `store`) and the text fields. */
export type ReadLogoUpload = (
  maxBytes: number,
  store: (stream: Readable) => Promise<StoredImage>,
  discard: (image: StoredImage) => Promise<void>,
) => Promise<{ file: StoredImage; fields: Record<string, string> }>;

/** The form fields `UploadOAuthApplicationLogo` takes besides `file`. */
export const LOGO_TEXT_FIELDS = ['uploader_user_id'] as const;

/**
 * `PUT /v1/oauth_applications/{id}/logo` (`multipart/form-data`: `file`, optional
 * `uploader_user_id`): checked and stored as organization logos are (PNG, JPEG, GIF or WebP
 * by its first bytes, at most 10 MB, streamed), served at `client_image_url`. The previous
 * logo goes with its file; a failure at any step leaves no file and no row.
 */
export async function uploadOAuthApplicationLogo(
  scope: Scope,
  id: string,
  readUpload: ReadLogoUpload,
): Promise<OAuthApplication> {
  // An unknown application is answered before a byte of the file is read.
  if (!(await findOAuthApplication(scope.db, scope.instanceId, id))) {
    throw apiErrors.notFound('oauth application', id);
  }
  const { file: image, fields } = await readUpload(
    MAX_IMAGE_BYTES,
    (stream) => storeImage(scope.files, scope.instanceId, stream),
    (stored) => scope.files.delete(stored.key),
  );
  const uploader = fields.uploader_user_id?.trim() || null;
  try {
    const { application, removed } = await runWrite(scope, async (tx) => {
      const row = await lockExistingOAuthApplication(tx, id);
      if (uploader !== null && !(await lockUserIfExists(tx, uploader))) {
        throw apiErrors.userParamNotFound('uploader_user_id', uploader);
      }
      await insertOAuthApplicationLogo(tx.db, {
        id: image.id,
        instance_id: tx.instanceId,
        oauth_application_id: row.id,
        uploader_user_id: uploader,
        content_type: image.contentType,
        size: image.size,
        storage_key: image.key,
        created_at: tx.now,
      });
      const keys = await deleteOAuthApplicationLogos(tx.db, tx.instanceId, row.id, image.id);
      const patch = { image_id: image.id, updated_at: tx.now };
      await updateOAuthApplicationRow(tx.db, tx.instanceId, row.id, patch);
      return {
        application: oauthApplicationToApi(scope.baseUrl, { ...row, ...patch }),
        removed: keys,
      };
    });
    await removeImageFiles(scope.files, removed);
    return application;
  } catch (error) {
    await scope.files.delete(image.key);
    throw error;
  }
}
