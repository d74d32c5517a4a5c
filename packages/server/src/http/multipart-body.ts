import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { apiErrors } from '../errors/api-errors.js';
import { ClerkApiError } from '../errors/clerk-api-error.js';

/** What busboy may hold at once besides the file: small text fields, few parts. */
const PART_LIMITS = { fieldNameSize: 100, fieldSize: 1024, fields: 8, parts: 9, headerPairs: 50 };

/**
 * Accepts `multipart/form-data` in `app` only: the operations whose spec body is multipart
 * are registered in a context of their own with this parser, every other route keeps
 * refusing it (415). Bodies are streamed, never attached whole; `readSingleFile` reads them.
 */
export async function registerMultipartBody(app: FastifyInstance): Promise<void> {
  await app.register(multipart, { limits: PART_LIMITS, throwFileSizeLimit: false });
  // An upload refused before it was read to its end (too large, not an image, unknown
  // user): the connection closes after the answer, so the client stops sending instead of
  // the server reading and discarding the rest.
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode >= 400 && !request.raw.complete) reply.header('connection', 'close');
    return payload;
  });
}

/** The plugin's and busboy's failures, as Clerk errors. */
function uploadErrorOf(error: unknown): unknown {
  if (error instanceof ClerkApiError) return error;
  const code = (error as { code?: string }).code;
  if (code === 'FST_FILES_LIMIT') return apiErrors.fileRepeated();
  if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT')
    return apiErrors.multipartMalformed('too many form fields');
  if (code === 'FST_PROTO_VIOLATION') return apiErrors.keyNotAllowed('file', '__proto__');
  if (code === 'FST_MP_PREMATURE_CLOSE')
    return apiErrors.multipartMalformed('the request ended early');
  if (error instanceof Error) return apiErrors.multipartMalformed(error.message.toLowerCase());
  return error;
}

/**
 * Reads a multipart body that holds one file in form field `field` and nothing else:
 * `store` consumes the file's stream (the only copy: nothing is buffered here) and its
 * result is returned. A missing file, another field or a second file fails the request;
 * whatever `store` kept by then is given to `discard`, so a failed upload leaves nothing.
 */
export async function readSingleFile<T>(
  request: FastifyRequest,
  field: string,
  maxFileBytes: number,
  store: (stream: Readable) => Promise<T>,
  discard: (stored: T) => Promise<void>,
): Promise<T> {
  const { file } = await readFileWithFields(request, field, [], maxFileBytes, store, discard);
  return file;
}

/**
 * As `readSingleFile`, also accepting the text fields named in `textFields` (each at most
 * once, before or after the file), returned by name. Any other field fails the request.
 */
export async function readFileWithFields<T>(
  request: FastifyRequest,
  field: string,
  textFields: readonly string[],
  maxFileBytes: number,
  store: (stream: Readable) => Promise<T>,
  discard: (stored: T) => Promise<void>,
): Promise<{ file: T; fields: Record<string, string> }> {
  if (!request.isMultipart()) {
    throw apiErrors.multipartRequired(request.headers['content-type'] ?? '(none)');
  }
  let stored: { value: T } | undefined;
  const fields: Record<string, string> = {};
  try {
    // One byte over the limit reaches `store`, whose check says "too large" (busboy
    // would otherwise end the stream there as if it were complete).
    const parts = request.parts({ limits: { files: 1, fileSize: maxFileBytes + 1 } });
    for await (const part of parts) {
      if (part.type === 'field' && textFields.includes(part.fieldname)) {
        if (Object.hasOwn(fields, part.fieldname)) {
          throw apiErrors.duplicateValue(part.fieldname, 'a value');
        }
        fields[part.fieldname] = String(part.value);
        continue;
      }
      if (part.type !== 'file' || part.fieldname !== field) {
        if (part.type === 'file') part.file.resume();
        throw apiErrors.paramUnknown(part.fieldname);
      }
      stored = { value: await store(part.file) };
    }
    if (!stored) throw apiErrors.fileMissing();
    return { file: stored.value, fields };
  } catch (error) {
    if (stored) await discard(stored.value);
    throw uploadErrorOf(error);
  }
}
