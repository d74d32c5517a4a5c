import type { Millis } from './column-types.js';

/**
 * An organization's uploaded logo (`img_…`, served at `/images/{id}`): the record; its bytes
 * are in the file store under `storage_key`. Deleted with its organization.
 */
export interface OrganizationLogosTable {
  id: string;
  instance_id: string;
  organization_id: string;
  /** The user credited with the upload (`uploader_user_id`); null if none, or once deleted. */
  uploader_user_id: string | null;
  content_type: string;
  size: number;
  storage_key: string;
  created_at: Millis;
}
