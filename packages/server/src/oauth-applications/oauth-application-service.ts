import type { RequestBody } from '@castellan/contract';
import { hashOAuthToken } from './oauth-access-token-issue.js';
import {
  findOAuthAccessTokenByHash,
  revokeOAuthAccessTokenRow,
} from './oauth-access-token-store.js';
import { parseJson, toBool } from '../db/values.js';
import { apiErrors } from '../errors/api-errors.js';
import { generateId } from '../ids/generate-id.js';
import { removeImageFiles } from '../images/image-upload.js';
import type { Scope } from '../platform/scope.js';
import { runWrite, type WriteTx } from '../platform/write.js';
import {
  applicationName,
  applicationScopes,
  DEFAULT_SCOPES,
  redirectUrisOf,
} from './oauth-application-input.js';
import {
  oauthApplicationToApi,
  withSecret,
  type OAuthApplication,
  type OAuthApplicationWithSecret,
} from './oauth-application-mapper.js';
import {
  deleteOAuthApplicationLogos,
  deleteOAuthApplicationRow,
  findOAuthApplication,
  insertOAuthApplication,
  lockOAuthApplication,
  updateOAuthApplicationRow,
  type OAuthApplicationRow,
} from './oauth-application-store.js';
import {
  generateClientId,
  generateClientSecret,
  hashClientSecret,
} from './oauth-client-credentials.js';

const RESOURCE = 'oauth application';

export async function getOAuthApplication(scope: Scope, id: string): Promise<OAuthApplication> {
  const row = await findOAuthApplication(scope.db, scope.instanceId, id);
  if (!row) throw apiErrors.notFound(RESOURCE, id);
  return oauthApplicationToApi(scope.baseUrl, row);
}

/** Reads and locks the application a write changes; one not in the instance is a 404. */
export async function lockExistingOAuthApplication(
  tx: WriteTx,
  id: string,
): Promise<OAuthApplicationRow> {
  const row = await lockOAuthApplication(tx.db, tx.dialect, tx.instanceId, id);
  if (!row) throw apiErrors.notFound(RESOURCE, id);
  return row;
}

/**
 * A public client cannot keep a secret, so it must prove possession with PKCE: its
 * `pkce_required` is always true. Sending false for one is refused; the contract's default
 * (false, filled in when the field is absent) is not a request and is overridden.
 */
function pkceRequiredOf(
  isPublic: boolean,
  asked: boolean | null | undefined,
  askedSent: boolean,
  current: boolean,
): boolean {
  if (!isPublic) return asked ?? current;
  if (asked === false && askedSent) {
    throw apiErrors.paramValueInvalid('pkce_required', 'must be true for a public client');
  }
  return true;
}

/**
 * `POST /v1/oauth_applications`: a confidential client gets a client secret, shown in this
 * answer only and stored as its hash; a public one gets none (`client_secret` is empty).
 */
export async function createOAuthApplication(
  scope: Scope,
  input: RequestBody<'CreateOAuthApplication'>,
  sent: ReadonlySet<string>,
): Promise<OAuthApplicationWithSecret> {
  const name = applicationName(input.name);
  const scopes =
    input.scopes === undefined || input.scopes === null
      ? DEFAULT_SCOPES
      : applicationScopes(input.scopes);
  const redirectUris = redirectUrisOf(input, []);
  const isPublic = input.public ?? false;
  const pkceRequired = pkceRequiredOf(
    isPublic,
    input.pkce_required,
    sent.has('pkce_required'),
    false,
  );
  const secret = isPublic ? null : generateClientSecret();
  const redirectUrisJson = JSON.stringify(redirectUris);
  return runWrite(scope, async (tx) => {
    const row: OAuthApplicationRow = {
      id: generateId('oa', tx.now),
      instance_id: tx.instanceId,
      name,
      name_lower: name.toLowerCase(),
      client_id: generateClientId(),
      client_secret_hash: secret === null ? null : hashClientSecret(secret),
      client_uri: null,
      image_id: null,
      dynamically_registered: false,
      consent_screen_enabled: input.consent_screen_enabled ?? true,
      pkce_required: pkceRequired,
      public: isPublic,
      scopes,
      redirect_uris: redirectUrisJson,
      created_at: tx.now,
      updated_at: tx.now,
    };
    await insertOAuthApplication(tx.db, { ...row, redirect_uris: redirectUrisJson });
    return withSecret(oauthApplicationToApi(scope.baseUrl, row), secret);
  });
}

/**
 * `PATCH /v1/oauth_applications/{id}`: each field changes only when sent (null: unchanged).
 * Made public, an application loses its secret; made confidential again, it has none until
 * `RotateOAuthApplicationSecret` makes one (this answer never carries a secret).
 */
export async function updateOAuthApplication(
  scope: Scope,
  id: string,
  input: RequestBody<'UpdateOAuthApplication'>,
  sent: ReadonlySet<string>,
): Promise<OAuthApplication> {
  return runWrite(scope, async (tx) => {
    const current = await lockExistingOAuthApplication(tx, id);
    const wasPublic = toBool(current.public);
    const isPublic = input.public ?? wasPublic;
    if (input.consent_screen_enabled === false && toBool(current.dynamically_registered)) {
      throw apiErrors.paramValueInvalid(
        'consent_screen_enabled',
        'cannot be disabled for a dynamically registered application',
      );
    }
    const name =
      input.name === undefined || input.name === null ? undefined : applicationName(input.name);
    const changes = {
      ...(name === undefined ? {} : { name, name_lower: name.toLowerCase() }),
      // The contract fills `scopes` with its default when absent: only sent scopes change.
      scopes:
        !sent.has('scopes') || input.scopes === undefined || input.scopes === null
          ? current.scopes
          : applicationScopes(input.scopes),
      redirect_uris: JSON.stringify(
        redirectUrisOf(input, parseJson<string[]>(current.redirect_uris)),
      ),
      consent_screen_enabled:
        input.consent_screen_enabled ?? toBool(current.consent_screen_enabled),
      public: isPublic,
      pkce_required: pkceRequiredOf(
        isPublic,
        input.pkce_required,
        sent.has('pkce_required'),
        toBool(current.pkce_required),
      ),
      client_secret_hash: isPublic || wasPublic ? null : current.client_secret_hash,
      updated_at: tx.now,
    };
    await updateOAuthApplicationRow(tx.db, tx.instanceId, id, changes);
    return oauthApplicationToApi(scope.baseUrl, { ...current, ...changes });
  });
}

/** `DELETE /v1/oauth_applications/{id}`: its logo's file goes once the delete commits. */
export async function deleteOAuthApplication(scope: Scope, id: string) {
  const removed = await runWrite(scope, async (tx) => {
    const row = await lockExistingOAuthApplication(tx, id);
    const keys = await deleteOAuthApplicationLogos(tx.db, tx.instanceId, row.id, null);
    await deleteOAuthApplicationRow(tx.db, tx.instanceId, row.id);
    return keys;
  });
  await removeImageFiles(scope.files, removed);
  return { object: 'oauth_application', id, deleted: true as const };
}

/**
 * `POST /v1/oauth_applications/{id}/rotate_secret`: a new secret replaces the old one at
 * once (the old one stops matching); a public client has none to rotate (400).
 */
export async function rotateOAuthApplicationSecret(
  scope: Scope,
  id: string,
): Promise<OAuthApplicationWithSecret> {
  const secret = generateClientSecret();
  return runWrite(scope, async (tx) => {
    const current = await lockExistingOAuthApplication(tx, id);
    if (toBool(current.public)) throw apiErrors.oauthPublicClientHasNoSecret(id);
    const changes = { client_secret_hash: hashClientSecret(secret), updated_at: tx.now };
    await updateOAuthApplicationRow(tx.db, tx.instanceId, id, changes);
    return withSecret(oauthApplicationToApi(scope.baseUrl, { ...current, ...changes }), secret);
  });
}

/**
 * `POST /v1/oauth_applications/{id}/revoke_token`: revokes the opaque access token Castellan
 * issued for this application (`issueOAuthAccessToken`). A token the server does not know, a
 * token of another application and a JWT (which cannot be revoked, as the spec says) are a
 * success too (204), as RFC 7009 §2.2 says: a client revoking a token must not learn whether
 * it was valid. The application itself must exist (404), and the token must not be blank.
 */
export async function revokeOAuthApplicationToken(
  scope: Scope,
  id: string,
  input: RequestBody<'RevokeOAuthApplicationToken'>,
): Promise<undefined> {
  if (!(await findOAuthApplication(scope.db, scope.instanceId, id))) {
    throw apiErrors.notFound(RESOURCE, id);
  }
  if (input.token.trim() === '') throw apiErrors.paramMissing('token');
  const row = await findOAuthAccessTokenByHash(
    scope.db,
    scope.instanceId,
    hashOAuthToken(input.token),
  );
  if (!row || row.oauth_application_id !== id || toBool(row.revoked)) return undefined;
  await runWrite(scope, (tx) =>
    revokeOAuthAccessTokenRow(tx.db, tx.instanceId, id, row.id, tx.now),
  );
  return undefined;
}
