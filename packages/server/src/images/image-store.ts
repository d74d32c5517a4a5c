import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Db, ImagesTable } from '../db/schema.js';

export type ImageRow = Selectable<ImagesTable>;

export async function insertImage(db: Kysely<Db>, row: Insertable<ImagesTable>): Promise<void> {
  await db.insertInto('images').values(row).execute();
}

export function findImage(
  db: Kysely<Db>,
  instanceId: string,
  imageId: string,
): Promise<ImageRow | undefined> {
  return db
    .selectFrom('images')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('id', '=', imageId)
    .executeTakeFirst();
}

/**
 * The image by ID alone, for serving it publicly: the request carries no secret key, so no
 * instance; the ID is unguessable and unique across instances (160 random bits).
 */
export async function findImageForServing(
  db: Kysely<Db>,
  imageId: string,
): Promise<Pick<ImageRow, 'content_type' | 'size' | 'storage_key'> | undefined> {
  const profileImage = await db
    .selectFrom('images')
    .select(['content_type', 'size', 'storage_key'])
    .where('id', '=', imageId)
    .executeTakeFirst();
  // Organization and OAuth application logos are images too (same IDs, same checks), kept
  // with what they belong to.
  return (
    profileImage ??
    (await db
      .selectFrom('organization_logos')
      .select(['content_type', 'size', 'storage_key'])
      .where('id', '=', imageId)
      .executeTakeFirst()) ??
    db
      .selectFrom('oauth_application_logos')
      .select(['content_type', 'size', 'storage_key'])
      .where('id', '=', imageId)
      .executeTakeFirst()
  );
}

/** Every image of a user except `keepId`; their rows are deleted, their storage keys returned. */
export async function deleteUserImages(
  db: Kysely<Db>,
  instanceId: string,
  userId: string,
  keepId: string | null = null,
): Promise<string[]> {
  let query = db
    .deleteFrom('images')
    .where('instance_id', '=', instanceId)
    .where('user_id', '=', userId);
  if (keepId) query = query.where('id', '<>', keepId);
  const rows = await query.returning('storage_key').execute();
  return rows.map((r) => r.storage_key);
}
