import { pipeline, type Readable } from 'node:stream';
import type { FileStore } from '../files/file-store.js';
import { generateImageId } from './image-ids.js';
import { ImageCheckStream } from './image-check-stream.js';
import { MAX_IMAGE_BYTES } from './image-limits.js';

/** An image written to the file store, not yet recorded. */
export interface StoredImage {
  id: string;
  key: string;
  contentType: string;
  size: number;
}

/**
 * How a service gets the uploaded file: the route reads the request (`readSingleFile`)
 * and hands the file's stream to `store`; `discard` undoes a store when the request fails
 * after it.
 */
export type ReadUpload = (
  maxBytes: number,
  store: (stream: Readable) => Promise<StoredImage>,
  discard: (image: StoredImage) => Promise<void>,
) => Promise<StoredImage>;

/**
 * Streams an upload into the file store through the image check (first bytes must be PNG,
 * JPEG, GIF or WebP; at most 10 MB, failing as soon as it goes over), under a new image ID.
 * Profile images and organization logos are stored this way.
 */
export async function storeImage(
  files: FileStore,
  instanceId: string,
  upload: Readable,
): Promise<StoredImage> {
  const id = generateImageId();
  const key = `${instanceId}/${id}`;
  const check = new ImageCheckStream(MAX_IMAGE_BYTES);
  // A failure on either side tears both down: the upload stops being read as soon as the
  // check fails, and an upload that failed (a body cut short), even before it got here,
  // fails the check and so the store's write.
  pipeline(upload, check, () => undefined);
  const { size } = await files.put(key, check);
  return { id, key, contentType: check.contentType!, size };
}

/**
 * Removes files once the rows that named them are committed gone. The answer does not
 * wait on a failure here: a file no row names is never served, only disk space.
 */
export async function removeImageFiles(files: FileStore, keys: readonly string[]): Promise<void> {
  await Promise.allSettled(keys.map((key) => files.delete(key)));
}
