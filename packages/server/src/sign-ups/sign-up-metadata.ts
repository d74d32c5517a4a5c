import { apiErrors } from '../errors/api-errors.js';

/** As a user's metadata: at most 8 KB of JSON each (what the sign-up hands on to its user). */
const METADATA_MAX_BYTES = 8 * 1024;

export function serializeSignUpMetadata(value: Record<string, unknown>, param: string): string {
  const text = JSON.stringify(value);
  if (Buffer.byteLength(text) > METADATA_MAX_BYTES) {
    throw apiErrors.metadataTooLarge(param, METADATA_MAX_BYTES);
  }
  return text;
}
