import type { RequestBody } from '@castellan/contract';
import { toBool } from '../db/values.js';
import { apiErrors } from '../errors/api-errors.js';
import { compileClaims } from './template-claims.js';
import type { JwtTemplateRow } from './jwt-template-store.js';
import {
  INSTANCE_ALGORITHM,
  isSigningAlgorithm,
  parseSigningKey,
  SIGNING_ALGORITHMS,
} from './template-signing-keys.js';

export type TemplateInput = RequestBody<'CreateJWTTemplate'> | RequestBody<'UpdateJWTTemplate'>;

/** Clerk's defaults for a template's tokens (its docs: 60 s lifetime, 5 s clock skew). */
export const DEFAULT_LIFETIME = 60;
export const DEFAULT_CLOCK_SKEW = 5;
/** Claims are bounded so that a token stays a size every HTTP header accepts. */
export const CLAIMS_MAX_BYTES = 16 * 1024;

/** A template's name, trimmed; blank is missing (tokens are asked for by it). */
export function templateName(input: TemplateInput): string {
  const name = input.name.trim();
  if (name === '') throw apiErrors.paramMissing('name');
  return name;
}

/** The claims as stored, once checked: shortcodes known, no reserved claim, not too large. */
export function templateClaims(input: TemplateInput): string {
  const claims = input.claims as Record<string, unknown>;
  const text = JSON.stringify(claims);
  if (Buffer.byteLength(text) > CLAIMS_MAX_BYTES) {
    throw apiErrors.paramTooLarge('claims', `must be at most ${CLAIMS_MAX_BYTES} bytes of JSON`);
  }
  compileClaims(claims);
  return text;
}

/** `lifetime` or `allowed_clock_skew`: absent keeps the current value, null restores the default. */
export function templateNumber(
  sent: number | null | undefined,
  current: number | undefined,
  fallback: number,
): number {
  if (sent === undefined) return current ?? fallback;
  return sent ?? fallback;
}

/** How a template's tokens are signed after a write. */
export type TemplateSigning =
  | { custom: false; algorithm: typeof INSTANCE_ALGORITHM }
  | { custom: true; algorithm: string; key: { plain: string } | 'keep' };

/**
 * The signing settings a write asks for, checked. `custom_signing_key` absent keeps the
 * current choice. With a custom key, `signing_algorithm` and `signing_key` are required
 * unless the template already has them (an update may change the claims alone); a new key
 * must suit its algorithm. Without one, a key or another algorithm than the instance's is
 * refused rather than ignored.
 */
export function templateSigning(
  input: TemplateInput,
  current: JwtTemplateRow | undefined,
): TemplateSigning {
  const currentCustom = current !== undefined && toBool(current.custom_signing_key);
  const custom = input.custom_signing_key ?? currentCustom;
  const sentAlgorithm = input.signing_algorithm ?? undefined;
  const sentKey = input.signing_key ?? undefined;
  if (!custom) {
    if (sentKey !== undefined) throw apiErrors.customKeyParamNotAllowed('signing_key');
    if (sentAlgorithm !== undefined && sentAlgorithm !== INSTANCE_ALGORITHM) {
      throw apiErrors.customKeyParamNotAllowed('signing_algorithm');
    }
    return { custom: false, algorithm: INSTANCE_ALGORITHM };
  }
  const algorithm = sentAlgorithm ?? (currentCustom ? current.signing_algorithm : undefined);
  if (algorithm === undefined) {
    throw apiErrors.paramsRequiredTogether('signing_algorithm', 'custom_signing_key');
  }
  if (!isSigningAlgorithm(algorithm)) {
    throw apiErrors.signingAlgorithmInvalid(SIGNING_ALGORITHMS.join(', '));
  }
  if (sentKey !== undefined) {
    parseSigningKey(algorithm, sentKey);
    return { custom: true, algorithm, key: { plain: sentKey } };
  }
  if (currentCustom && current.signing_algorithm === algorithm && current.signing_key !== null) {
    return { custom: true, algorithm, key: 'keep' };
  }
  throw apiErrors.paramsRequiredTogether('signing_key', 'custom_signing_key');
}
