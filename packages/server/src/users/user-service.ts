import { apiErrors } from '../errors/api-errors.js';
import { deleteUserImages } from '../images/image-store.js';
import { parseJson } from '../db/values.js';
import { runWrite } from '../platform/write.js';
import { endSessionsOfUsers } from '../sessions/session-lifecycle.js';
import { removeMembershipsOfUser } from '../organizations/membership-service.js';
import type { Scope } from '../platform/scope.js';
import type { RequestBody } from '@castellan/contract';
import { mergeMetadata, serializeMetadata } from '../platform/metadata.js';
import { userRowToUser, type User } from './user-mapper.js';
import {
  adjustUserCount,
  deleteSearchDocument,
  deleteUserRow,
  findUserById,
  updateUserRow,
} from './user-store.js';
import { lockExistingUser, writeUser } from './user-writes.js';
import { readUserView } from './user-view.js';

export { createUser } from './create-user.js';
export { updateUser } from './update-user.js';

export async function getUser(scope: Scope, userId: string): Promise<User> {
  const row = await findUserById(scope.db, scope.instanceId, userId);
  if (!row) throw apiErrors.notFound('user', userId);
  return userRowToUser(row, await readUserView(scope));
}

/**
 * `DELETE /v1/users/{user_id}`: the user and its identifications go; `user.deleted` is
 * recorded. The user's active sessions end in the same write (`session.ended` each, with
 * the user as it was); the ended sessions stay listed, as Clerk keeps them.
 */
export async function deleteUser(scope: Scope, userId: string) {
  const deleted = { object: 'user' as const, id: userId, deleted: true as const };
  const imageFiles = await runWrite(scope, async (tx) => {
    // First: it locks the user's organizations before the user (see there).
    await removeMembershipsOfUser(tx, scope.baseUrl, userId);
    const row = await lockExistingUser(tx, userId);
    await endSessionsOfUsers(tx, [userRowToUser(row, await readUserView(scope, tx))], 'ended');
    const images = await deleteUserImages(tx.db, tx.instanceId, userId);
    await deleteSearchDocument(tx.db, tx.dialect, row);
    await deleteUserRow(tx.db, tx.instanceId, userId);
    await adjustUserCount(tx.db, tx.instanceId, -1);
    await tx.emit('user.deleted', {
      ...deleted,
      ...(row.external_id ? { external_id: row.external_id } : {}),
    });
    return images;
  });
  // After the commit: a file no row names is never served, so a failure here costs disk only.
  await Promise.allSettled(imageFiles.map((key) => scope.files.delete(key)));
  return deleted;
}

type MetadataInput = RequestBody<'UpdateUserMetadata'>;
const METADATA_KEYS = ['public_metadata', 'private_metadata', 'unsafe_metadata'] as const;

/**
 * `PATCH …/metadata` (deep merge, `null` removes a key) and `PUT …/metadata` (replace each
 * field sent). Fields not sent are left as they are.
 */
export async function changeUserMetadata(
  scope: Scope,
  userId: string,
  input: MetadataInput,
  mode: 'merge' | 'replace',
): Promise<User> {
  return writeUser(scope, 'user.updated', false, async (tx) => {
    const current = await lockExistingUser(tx, userId);
    const patch: Partial<Record<(typeof METADATA_KEYS)[number], string>> = {};
    for (const key of METADATA_KEYS) {
      const sent = input[key];
      if (sent === undefined || sent === null) continue;
      const next =
        mode === 'merge'
          ? mergeMetadata(parseJson<Record<string, unknown>>(current[key]) ?? {}, sent)
          : sent;
      patch[key] = serializeMetadata(next, key);
    }
    await updateUserRow(tx.db, tx.instanceId, userId, { ...patch, updated_at: tx.now });
    return userId;
  });
}

export { readPublicUserData, type PublicUserData } from './user-public-data.js';
