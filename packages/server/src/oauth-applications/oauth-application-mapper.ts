import type { ResponseBody } from '@castellan/contract';
import { parseJson, toBool } from '../db/values.js';
import { imageUrlOf } from '../images/image-urls.js';
import type { OAuthApplicationRow } from './oauth-application-store.js';
import { oauthProviderUrls } from './oauth-provider-urls.js';

export type OAuthApplication = ResponseBody<'GetOAuthApplication', '200'>;
export type OAuthApplicationWithSecret = ResponseBody<'CreateOAuthApplication', '200'>;

/** The API object; the secret's hash never leaves the database. */
export function oauthApplicationToApi(baseUrl: string, row: OAuthApplicationRow): OAuthApplication {
  const urls = oauthProviderUrls(baseUrl, row.instance_id);
  const redirectUris = parseJson<string[]>(row.redirect_uris);
  return {
    object: 'oauth_application',
    id: row.id,
    instance_id: row.instance_id,
    name: row.name,
    client_id: row.client_id,
    client_uri: row.client_uri,
    client_image_url: row.image_id === null ? null : imageUrlOf(baseUrl, row.image_id),
    dynamically_registered: toBool(row.dynamically_registered),
    consent_screen_enabled: toBool(row.consent_screen_enabled),
    pkce_required: toBool(row.pkce_required),
    public: toBool(row.public),
    scopes: row.scopes,
    redirect_uris: redirectUris,
    callback_url: redirectUris[0] ?? '',
    authorize_url: urls.authorize,
    token_fetch_url: urls.token,
    user_info_url: urls.userInfo,
    discovery_url: urls.discovery,
    token_introspection_url: urls.introspection,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

/**
 * The answer of create and rotate: the object and the secret just made, the only time it is
 * shown; empty for a public client, as the spec says.
 */
export function withSecret(
  application: OAuthApplication,
  secret: string | null,
): OAuthApplicationWithSecret {
  return { ...application, client_secret: secret ?? '' };
}
