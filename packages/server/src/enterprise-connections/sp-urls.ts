/**
 * Where this Castellan acts as the SAML service provider of one SAML connection: under
 * `<baseUrl>/saml/<saml connection id>` (outside `/v1`, no secret key: the IdP reads them),
 * like the OAuth provider URLs under `/oauth/<instance id>`. The entity ID is that base URL;
 * the SP metadata is served at `…/metadata`; the ACS URL (`…/acs`) is named in the metadata
 * but not served yet: the sign-in flow comes later (docs/enterprise-sso.md).
 */
export const SAML_PATH_PREFIX = '/saml';

export interface SpUrls {
  entityId: string;
  acs: string;
  metadata: string;
}

export function spUrls(baseUrl: string, samlConnectionId: string): SpUrls {
  const entityId = `${baseUrl}${SAML_PATH_PREFIX}/${encodeURIComponent(samlConnectionId)}`;
  return { entityId, acs: `${entityId}/acs`, metadata: `${entityId}/metadata` };
}
