import { apiErrors } from '../errors/api-errors.js';
import { MAX_IMAGE_BYTES } from '../images/image-limits.js';
import {
  removeImageFiles,
  storeImage,
  type ReadUpload,
  type StoredImage,
} from '../images/image-upload.js';
import { deleteUserImages, findImage, insertImage } from '../images/image-store.js';
import type { Scope } from '../platform/scope.js';
import type { WriteTx } from '../platform/write.js';
import type { User } from './user-mapper.js';
import { updateUserRow, userExists } from './user-store.js';
import { lockExistingUser, writeUser } from './user-writes.js';

export type { ReadUpload, StoredImage };

/**
 * Removes files once the rows that named them are committed gone. The answer does not
 * wait on a failure here: a file no row names is never served, only disk space.
 */
export async function removeFiles(scope: Scope, keys: readonly string[]): Promise<void> {
  await removeImageFiles(scope.files, keys);
}

/**
 * `POST /v1/users/{user_id}/profile_image`: the file is streamed into the file store
 * through the image check (first bytes must be PNG, JPEG, GIF or WebP; at most 10 MB,
 * failing as soon as it goes over), then recorded with the user in one write. The
 * previous image goes with its file. A failure at any step leaves no file and no row.
 */
export async function setProfileImage(
  scope: Scope,
  userId: string,
  readUpload: ReadUpload,
): Promise<User> {
  // An unknown user is answered before a byte of the file is read.
  if (!(await userExists(scope.db, scope.instanceId, userId))) {
    throw apiErrors.notFound('user', userId);
  }
  const image = await readUpload(
    MAX_IMAGE_BYTES,
    (stream) => storeImage(scope.files, scope.instanceId, stream),
    (stored) => scope.files.delete(stored.key),
  );
  let replaced: string[] = [];
  try {
    const user = await writeUser(scope, 'user.updated', false, async (tx) => {
      await lockExistingUser(tx, userId);
      await insertImage(tx.db, {
        id: image.id,
        instance_id: tx.instanceId,
        user_id: userId,
        content_type: image.contentType,
        size: image.size,
        storage_key: image.key,
        created_at: tx.now,
      });
      replaced = await setUserImage(tx, userId, image.id);
      return userId;
    });
    await removeFiles(scope, replaced);
    return user;
  } catch (error) {
    await scope.files.delete(image.key);
    throw error;
  }
}

/** Points the user at `imageId` (or none) and drops its other images; returns their files. */
export async function setUserImage(tx: WriteTx, userId: string, imageId: string | null) {
  await updateUserRow(tx.db, tx.instanceId, userId, { image_id: imageId, updated_at: tx.now });
  return deleteUserImages(tx.db, tx.instanceId, userId, imageId);
}

/** `DELETE /v1/users/{user_id}/profile_image`: back to the default avatar; the file goes. */
export async function deleteProfileImage(scope: Scope, userId: string): Promise<User> {
  let removed: string[] = [];
  const user = await writeUser(scope, 'user.updated', false, async (tx) => {
    await lockExistingUser(tx, userId);
    removed = await setUserImage(tx, userId, null);
    return userId;
  });
  await removeFiles(scope, removed);
  return user;
}

/**
 * `profile_image_id` in `PATCH /v1/users/{id}`: an image uploaded through this API, of this
 * instance and for this user (images are the user's own: another user's image, or a
 * deleted one, is not found). Checked in the update's transaction.
 */
export async function useProfileImage(tx: WriteTx, userId: string, imageId: string) {
  const image = await findImage(tx.db, tx.instanceId, imageId);
  if (!image || image.user_id !== userId)
    throw apiErrors.imageNotFound('profile_image_id', imageId);
  await updateUserRow(tx.db, tx.instanceId, userId, { image_id: imageId, updated_at: tx.now });
}
