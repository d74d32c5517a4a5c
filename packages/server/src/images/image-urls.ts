import { DEFAULT_AVATAR_PATH } from './default-avatar.js';

/**
 * Where an image is served: under the server's base URL (`scope.baseUrl`: the configured
 * public URL, else the address it listens on; see `base-url.ts`), never another host.
 */
export function imageUrlOf(baseUrl: string, imageId: string): string {
  return `${baseUrl}/images/${imageId}`;
}

export function defaultAvatarUrlOf(baseUrl: string): string {
  return `${baseUrl}${DEFAULT_AVATAR_PATH}`;
}
