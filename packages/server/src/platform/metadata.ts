import { apiErrors } from '../errors/api-errors.js';

/** Clerk caps each metadata object at 8 KB of JSON. */
const METADATA_MAX_BYTES = 8 * 1024;

type Json = Record<string, unknown>;

function isPlainObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Deep merge for `PATCH …/metadata`: nested objects merge, anything else replaces, and a
 * `null` value removes the key at any depth.
 */
export function mergeMetadata(current: Json, patch: Json): Json {
  const out: Json = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else if (isPlainObject(value) && isPlainObject(out[key]))
      out[key] = mergeMetadata(out[key] as Json, value);
    else if (isPlainObject(value)) out[key] = mergeMetadata({}, value);
    else out[key] = value;
  }
  return out;
}

/** Serializes a metadata object, rejecting one over the size limit. */
export function serializeMetadata(value: Json, param: string): string {
  const text = JSON.stringify(value);
  if (Buffer.byteLength(text) > METADATA_MAX_BYTES) {
    throw apiErrors.metadataTooLarge(param, METADATA_MAX_BYTES);
  }
  return text;
}
