import type { RequestBody, ResponseBody } from '@castellan/contract';
import { parseJson } from '../db/values.js';
import { apiErrors } from '../errors/api-errors.js';
import { ClerkApiError } from '../errors/clerk-api-error.js';
import { normalizeEmail, type NormalizedEmail } from '../identifiers/email.js';
import { DEFAULT_INVITATION_DAYS, invitationStatusAt } from './invitation-status.js';
import type { InvitationRow } from './invitation-store.js';

export type Invitation = ResponseBody<'CreateInvitation', '200'>;

/** One invitation as CreateInvitation and each item of CreateBulkInvitations describe it. */
export type InvitationRequest =
  RequestBody<'CreateInvitation'> | RequestBody<'CreateBulkInvitations'>[number];

export type TemplateSlug = 'invitation' | 'waitlist_invitation';

/** An invitation request checked and normalized, ready to be written. */
export interface PreparedInvitation {
  email: NormalizedEmail;
  /** `public_metadata` serialized (`{}` when absent). */
  metadata: string;
  redirectUrl: string | null;
  notify: boolean;
  ignoreExisting: boolean;
  expiresInDays: number;
  templateSlug: TemplateSlug;
}

/** As a user's metadata, which the invitation's becomes: at most 8 KB of JSON. */
const METADATA_MAX_BYTES = 8 * 1024;

/** Schemes that run or read something in the browser instead of navigating to an app. */
const FORBIDDEN_SCHEMES = new Set(['javascript:', 'data:', 'vbscript:', 'file:', 'blob:']);
const SCHEME_AND_SLASHES = /^[a-z][a-z0-9+.-]*:\/\/\S+$/i;

/**
 * `redirect_url`: where the accept link leads: an absolute URL (`https://…`, or a custom
 * scheme for a native app), never one of the schemes that run code, or a path of the app
 * (`/welcome`), as Clerk allows.
 */
function redirectUrlError(url: string): ClerkApiError | undefined {
  const invalid = () =>
    apiErrors.paramFormatInvalid(
      'redirect_url',
      'must be an absolute URL (https://… or my-app://…) or a path (/welcome)',
    );
  if (/^\/(?![/\\])\S*$/.test(url)) return undefined;
  if (!SCHEME_AND_SLASHES.test(url)) return invalid();
  try {
    const parsed = new URL(url);
    return FORBIDDEN_SCHEMES.has(parsed.protocol) ? invalid() : undefined;
  } catch {
    return invalid();
  }
}

/**
 * Checks one invitation request: the email address, `redirect_url` and the metadata's size,
 * every failure in one error (as Clerk reports a form); the defaults of the rest filled in.
 */
export function prepareInvitation(input: InvitationRequest): PreparedInvitation {
  const errors: ClerkApiError[] = [];
  let email: NormalizedEmail | undefined;
  try {
    email = normalizeEmail(input.email_address, 'email_address');
  } catch (error) {
    if (!(error instanceof ClerkApiError)) throw error;
    errors.push(error);
  }
  const redirectUrl = input.redirect_url ?? null;
  const redirectError = redirectUrl === null ? undefined : redirectUrlError(redirectUrl);
  if (redirectError) errors.push(redirectError);
  const metadata = JSON.stringify(input.public_metadata ?? {});
  if (Buffer.byteLength(metadata) > METADATA_MAX_BYTES) {
    errors.push(apiErrors.metadataTooLarge('public_metadata', METADATA_MAX_BYTES));
  }
  if (errors.length > 0 || !email) throw ClerkApiError.combine(errors);
  return {
    email,
    metadata,
    redirectUrl,
    notify: input.notify ?? true,
    ignoreExisting: input.ignore_existing ?? false,
    expiresInDays: input.expires_in_days ?? DEFAULT_INVITATION_DAYS,
    templateSlug: input.template_slug ?? 'invitation',
  };
}

/**
 * The API object at `now`. `url` carries the ticket, so it is in the create answer only
 * (only the ticket's hash is kept).
 */
export function invitationRowToApi(row: InvitationRow, now: number, url?: string): Invitation {
  const status = invitationStatusAt(row, now);
  return {
    object: 'invitation',
    id: row.id,
    email_address: row.email_address,
    public_metadata: parseJson<Record<string, unknown> | null>(row.public_metadata) ?? {},
    revoked: status === 'revoked',
    status,
    ...(url !== undefined ? { url } : {}),
    expires_at: Number(row.expires_at),
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
  };
}
