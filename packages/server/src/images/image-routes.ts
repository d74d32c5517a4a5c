import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import type { Db } from '../db/schema.js';
import { apiErrors } from '../errors/api-errors.js';
import type { FileStore } from '../files/file-store.js';
import { DEFAULT_AVATAR_PATH, DEFAULT_AVATAR_PNG } from './default-avatar.js';
import { IMAGE_ID } from './image-ids.js';
import { findImageForServing } from './image-store.js';

/** An image's bytes never change under its ID (a new upload is a new ID): cache for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

function imageHeaders(reply: FastifyReply, contentType: string, size: number): FastifyReply {
  return (
    reply
      .header('content-type', contentType)
      .header('content-length', size)
      .header('cache-control', IMMUTABLE)
      // The stored type was sniffed from the bytes; browsers must not guess another.
      .header('x-content-type-options', 'nosniff')
      // Put in `<img src>` on other origins; nothing in an image may run or load anything.
      .header('cross-origin-resource-policy', 'cross-origin')
      .header('content-security-policy', "default-src 'none'")
  );
}

/**
 * Serves profile images and the default avatar at `/images/…`, outside `/v1` and without a
 * secret key: their URLs go into `<img src>` of the applications' pages. An image is found
 * by its unguessable ID alone (docs/behaviour.md, "Profile images").
 */
export function registerImageRoutes(
  app: FastifyInstance,
  { db, files }: { db: Kysely<Db>; files: FileStore },
): void {
  app.get(DEFAULT_AVATAR_PATH, async (_request, reply) =>
    imageHeaders(reply, 'image/png', DEFAULT_AVATAR_PNG.length).send(DEFAULT_AVATAR_PNG),
  );
  app.get<{ Params: { image_id: string } }>('/images/:image_id', async (request, reply) => {
    const id = request.params.image_id;
    const image = IMAGE_ID.test(id) ? await findImageForServing(db, id) : undefined;
    const stream = image && (await files.get(image.storage_key));
    if (!image || !stream) throw apiErrors.notFound('image', id);
    return imageHeaders(reply, image.content_type, Number(image.size)).send(stream);
  });
}
