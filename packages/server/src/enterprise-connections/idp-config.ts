import { apiErrors } from '../errors/api-errors.js';
import type { OutboundOptions } from '../outbound/outbound-options.js';
import type { Scope } from '../platform/scope.js';
import { parseIdpCertificate } from './idp-certificate.js';
import { parseIdpMetadata } from './idp-metadata.js';
import { fetchDocument, parseHttpUrl, policyOf } from './outbound-document.js';

/** The IdP side of a SAML connection as sent (each field optional, null or '' clears). */
export interface SamlIdpInput {
  idp_entity_id?: string | null | undefined;
  idp_sso_url?: string | null | undefined;
  idp_certificate?: string | null | undefined;
  idp_metadata_url?: string | null | undefined;
  idp_metadata?: string | null | undefined;
}

/** The IdP side as stored. */
export interface SamlIdpConfig {
  idp_entity_id: string | null;
  idp_sso_url: string | null;
  idp_certificate: string | null;
  idp_certificate_issued_at: number | null;
  idp_certificate_expires_at: number | null;
  idp_metadata_url: string | null;
  idp_metadata: string | null;
}

export const EMPTY_IDP_CONFIG: SamlIdpConfig = {
  idp_entity_id: null,
  idp_sso_url: null,
  idp_certificate: null,
  idp_certificate_issued_at: null,
  idp_certificate_expires_at: null,
  idp_metadata_url: null,
  idp_metadata: null,
};

const blank = (value: string | null | undefined) =>
  value === null || value === undefined || value.trim() === '';

/** The config read from metadata XML: every IdP field comes from it. */
function fromMetadata(param: string, xml: string, nowMs: number) {
  const metadata = parseIdpMetadata(param, xml);
  const certificate = parseIdpCertificate(param, metadata.certificate, nowMs);
  return {
    idp_entity_id: metadata.entityId,
    idp_sso_url: parseHttpUrl(metadata.ssoUrl, () =>
      apiErrors.samlMetadataInvalid(
        param,
        'its SingleSignOnService Location is not an http(s) URL',
      ),
    ),
    idp_certificate: certificate.pem,
    idp_certificate_issued_at: certificate.issuedAt,
    idp_certificate_expires_at: certificate.expiresAt,
  };
}

/**
 * Applies what was sent to the current IdP config. As the spec says, metadata takes priority
 * over the single fields: `idp_metadata_url` (fetched now, under the outbound policy and
 * timeout), else inline `idp_metadata`; either replaces entity ID, SSO URL and certificate.
 * Otherwise each single field sent replaces its value. `prefix` names fields in errors
 * (`saml.` for the enterprise API).
 */
export async function resolveIdpConfig(
  scope: Scope,
  options: OutboundOptions,
  input: SamlIdpInput,
  current: SamlIdpConfig,
  prefix = '',
): Promise<SamlIdpConfig> {
  const now = scope.clock.now();
  const param = (name: string) => `${prefix}${name}`;
  if (input.idp_metadata_url !== undefined && !blank(input.idp_metadata_url)) {
    const name = param('idp_metadata_url');
    const url = parseHttpUrl(input.idp_metadata_url!, () =>
      apiErrors.paramFormatInvalid(name, 'must be an absolute http(s) URL'),
    );
    const fetched = await fetchDocument(
      url,
      'application/samlmetadata+xml, application/xml, text/xml',
      policyOf(scope, options),
      options,
    );
    if (!fetched.ok) throw apiErrors.samlMetadataFetchFailed(name, fetched.reason);
    return {
      ...fromMetadata(name, fetched.body, now),
      idp_metadata_url: url,
      idp_metadata: fetched.body,
    };
  }
  if (input.idp_metadata !== undefined && !blank(input.idp_metadata)) {
    return {
      ...fromMetadata(param('idp_metadata'), input.idp_metadata!, now),
      idp_metadata_url: null,
      idp_metadata: input.idp_metadata!,
    };
  }
  const next: SamlIdpConfig = {
    idp_entity_id: current.idp_entity_id,
    idp_sso_url: current.idp_sso_url,
    idp_certificate: current.idp_certificate,
    idp_certificate_issued_at: current.idp_certificate_issued_at,
    idp_certificate_expires_at: current.idp_certificate_expires_at,
    idp_metadata_url: current.idp_metadata_url,
    idp_metadata: current.idp_metadata,
  };
  // A metadata field sent empty forgets the document (the single fields stay as they are).
  if (input.idp_metadata_url !== undefined) next.idp_metadata_url = null;
  if (input.idp_metadata !== undefined) next.idp_metadata = null;
  if (input.idp_entity_id !== undefined) {
    next.idp_entity_id = blank(input.idp_entity_id) ? null : input.idp_entity_id!.trim();
  }
  if (input.idp_sso_url !== undefined) {
    const name = param('idp_sso_url');
    next.idp_sso_url = blank(input.idp_sso_url)
      ? null
      : parseHttpUrl(input.idp_sso_url!, () =>
          apiErrors.paramFormatInvalid(name, 'must be an absolute http(s) URL'),
        );
  }
  if (input.idp_certificate !== undefined) {
    if (blank(input.idp_certificate)) {
      next.idp_certificate = null;
      next.idp_certificate_issued_at = null;
      next.idp_certificate_expires_at = null;
    } else {
      const certificate = parseIdpCertificate(
        param('idp_certificate'),
        input.idp_certificate!,
        now,
      );
      next.idp_certificate = certificate.pem;
      next.idp_certificate_issued_at = certificate.issuedAt;
      next.idp_certificate_expires_at = certificate.expiresAt;
    }
  }
  return next;
}
