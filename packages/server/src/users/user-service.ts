import { insertOutboxEvent } from '../outbox/outbox-store.js';
import { mergeMetadata, serializeMetadata } from './metadata.js';
import type { UserScope } from './user-context.js';
import type { MetadataInput } from './user-inputs.js';
import { userRowToUser, type User } from './user-mapper.js';
import { parseJson } from '../db/values.js';
import {
  adjustUserCount,
  deleteSearchDocument,
  deleteUserRow,
  findUserById,
  lockUser,
  updateUserRow,
} from './user-store.js';
import { getUserRow, userNotFound, writeUser } from './user-writes.js';

export { createUser } from './create-user.js';
export { updateUser } from './update-user.js';

export async function getUser(scope: UserScope, userId: string): Promise<User> {
  const row = await findUserById(scope.db, scope.instanceId, userId);
  if (!row) throw userNotFound(userId);
  return userRowToUser(row);
}

/** `DELETE /v1/users/{user_id}`: the user and its identifications go; `user.deleted` is recorded. */
export async function deleteUser(scope: UserScope, userId: string) {
  const deleted = { object: 'user', id: userId, deleted: true };
  await scope.db.transaction().execute(async (trx) => {
    if (!(await lockUser(trx, scope.dialect, scope.instanceId, userId))) throw userNotFound(userId);
    const row = await getUserRow(trx, scope, userId);
    await deleteSearchDocument(trx, scope.dialect, row.search_rowid);
    await deleteUserRow(trx, userId);
    await adjustUserCount(trx, scope.instanceId, -1);
    await insertOutboxEvent(
      trx,
      scope.instanceId,
      {
        type: 'user.deleted',
        data: { ...deleted, ...(row.external_id ? { external_id: row.external_id } : {}) },
      },
      scope.request,
    );
  });
  return deleted;
}

type MetadataKey = keyof MetadataInput;
const METADATA_KEYS: MetadataKey[] = ['public_metadata', 'private_metadata', 'unsafe_metadata'];

/**
 * `PATCH …/metadata` (deep merge, `null` removes a key) and `PUT …/metadata` (replace each
 * field sent). Fields not sent are left as they are.
 */
export async function changeUserMetadata(
  scope: UserScope,
  userId: string,
  input: MetadataInput,
  mode: 'merge' | 'replace',
): Promise<User> {
  return writeUser(scope, 'user.updated', false, async (trx) => {
    if (!(await lockUser(trx, scope.dialect, scope.instanceId, userId))) throw userNotFound(userId);
    const current = await getUserRow(trx, scope, userId);
    const patch: Partial<Record<MetadataKey, string>> = {};
    for (const key of METADATA_KEYS) {
      const sent = input[key];
      if (sent === undefined) continue;
      const next = mode === 'merge' ? mergeMetadata(parseJson(current[key]) ?? {}, sent) : sent;
      patch[key] = serializeMetadata(next, key);
    }
    await updateUserRow(trx, userId, { ...patch, updated_at: Date.now() });
    return userId;
  });
}
