import type { CatalogueEntry } from '../catalogue-entry.js';

/** Organization domains (codes and texts as Clerk answers them). */
export const organizationDomainErrors = {
  organizationDomainsNotEnabled: {
    code: 'organization_domains_not_enabled',
    status: 403,
    message: 'organization domains not enabled',
    longMessage:
      'This instance does not have domains enabled for organizations. Enable them with PATCH /v1/instance/organization_settings (domains_enabled).',
  },
  organizationDomainEnrollmentModeNotEnabled: {
    code: 'organization_domain_enrollment_mode_not_enabled',
    status: 403,
    message: 'organization enrollment mode not enabled',
    longMessage: "Enrollment mode %s is not enabled for this instance's organizations.",
  },
  organizationDomainQuotaExceeded: {
    code: 'organization_domain_quota_exceeded',
    status: 403,
    message: 'organization domains quota exceeded',
    longMessage: 'You have reached your limit of %s domains per organization.',
  },
  organizationDomainCommon: {
    code: 'organization_domain_common',
    status: 422,
    param: 'name',
    message: 'common email domain',
    longMessage: 'This is a common email provider domain. Please use a different one.',
  },
  // A domain another organization of the instance has verified.
  organizationDomainTaken: {
    code: 'organization_domain_already_exists',
    status: 422,
    param: true,
    message: 'organization domain already exists',
    longMessage: 'This domain is already used by another organization.',
  },
  // The organization already has this domain (verified or not).
  organizationDomainDuplicate: {
    code: 'organization_domain_already_exists',
    status: 422,
    param: 'name',
    message: 'organization domain already exists',
    longMessage: 'The organization already has this domain.',
  },
} as const satisfies Record<string, CatalogueEntry>;
