import type { CatalogueEntry } from '../catalogue-entry.js';

/** Enterprise (SAML and OIDC) connections: IdP metadata, certificates, domains, discovery. */
export const enterpriseConnectionErrors = {
  samlMetadataInvalid: {
    code: 'saml_metadata_invalid',
    status: 422,
    param: true,
    message: 'is invalid',
    longMessage: '{param} is not valid SAML IdP metadata: %s.',
  },
  samlMetadataFetchFailed: {
    code: 'saml_metadata_fetch_failed',
    status: 422,
    param: true,
    message: 'could not be fetched',
    longMessage: 'The IdP metadata at {param} could not be fetched: %s.',
  },
  samlCertificateInvalid: {
    code: 'saml_certificate_invalid',
    status: 422,
    param: true,
    message: 'is invalid',
    longMessage: '{param} is not a valid X.509 certificate: %s.',
  },
  samlCertificateExpired: {
    code: 'saml_certificate_expired',
    status: 422,
    param: true,
    message: 'has expired',
    longMessage: 'The certificate in {param} expired on %s.',
  },
  enterpriseConnectionDomainTaken: {
    code: 'enterprise_connection_domain_taken',
    status: 422,
    param: 'domains',
    message: 'is taken',
    longMessage: 'The domain %s already belongs to another active enterprise connection.',
  },
  oidcDiscoveryInvalid: {
    code: 'oidc_discovery_invalid',
    status: 422,
    param: true,
    message: 'is invalid',
    longMessage: '{param} does not serve a valid OpenID Provider configuration: %s.',
  },
  enterpriseConnectionNotConfigured: {
    code: 'enterprise_connection_not_configured',
    status: 422,
    message: 'not configured',
    longMessage:
      'Enterprise connection %s cannot be tested: %s. The failed test run %s records it.',
  },
} as const satisfies Record<string, CatalogueEntry>;
