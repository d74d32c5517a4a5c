import type { Kysely } from 'kysely';
import type { Db } from '../db/schema.js';
import { compileForIds } from '../db/compiled-query.js';
import { toBool, unindexedRef } from '../db/values.js';
import { defaultAvatarUrlOf, imageUrlOf } from '../images/image-urls.js';

/** What an organization shows of a member or inviter (`public_user_data`). */
export interface PublicUserData {
  user_id: string;
  first_name: string | null;
  last_name: string | null;
  profile_image_url: string;
  image_url: string;
  has_image: boolean;
  /** The primary email address, else the primary phone number, else the username. */
  identifier: string | null;
  username: string | null;
  banned: boolean;
}

/** The public data of users of an instance by ID (`user_public_data`: one narrow row each). */
const publicDataOf = compileForIds((db, instanceId: string, userIds: string[]) =>
  (db as Kysely<Db>)
    .selectFrom('user_public_data')
    .select(['id', 'first_name', 'last_name', 'username', 'image_id', 'banned', 'identifier'])
    .where(unindexedRef('instance_id'), '=', instanceId)
    .where('id', 'in', userIds),
);

/** The public data of users by ID (users not in the instance are left out). */
export async function readPublicUserData(
  db: Kysely<Db>,
  instanceId: string,
  baseUrl: string,
  userIds: readonly string[],
): Promise<Map<string, PublicUserData>> {
  const out = new Map<string, PublicUserData>();
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return out;
  const rows = await publicDataOf(db, instanceId, unique);
  for (const row of rows) {
    const imageUrl = row.image_id ? imageUrlOf(baseUrl, row.image_id) : defaultAvatarUrlOf(baseUrl);
    out.set(row.id, {
      user_id: row.id,
      first_name: row.first_name,
      last_name: row.last_name,
      profile_image_url: imageUrl,
      image_url: imageUrl,
      has_image: row.image_id !== null,
      identifier: row.identifier,
      username: row.username,
      banned: toBool(row.banned),
    });
  }
  return out;
}
