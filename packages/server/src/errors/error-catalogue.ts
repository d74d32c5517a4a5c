import type { CatalogueEntry } from './catalogue-entry.js';
import { authnErrors } from './catalogue/authn-errors.js';
import { identityErrors } from './catalogue/identity-errors.js';
import { jwtTemplateErrors } from './catalogue/jwt-template-errors.js';
import { instanceErrors } from './catalogue/instance-errors.js';
import { instanceConfigErrors } from './catalogue/instance-config-errors.js';
import { organizationErrors } from './catalogue/organization-errors.js';
import { organizationDomainErrors } from './catalogue/organization-domain-errors.js';
import { organizationInvitationErrors } from './catalogue/organization-invitation-errors.js';
import { organizationA1Errors } from './catalogue/organization-a1-errors.js';
import { membershipErrors } from './catalogue/membership-errors.js';
import { paramErrors } from './catalogue/param-errors.js';
import { profileErrors } from './catalogue/profile-errors.js';
import { requestErrors } from './catalogue/request-errors.js';
import { roleErrors } from './catalogue/role-errors.js';
import { restrictionErrors } from './catalogue/restriction-errors.js';
import { tokenErrors } from './catalogue/token-errors.js';
import { sessionErrors } from './catalogue/session-errors.js';
import { verificationErrors } from './catalogue/verification-errors.js';
import { invitationErrors } from './catalogue/invitation-errors.js';
import { oauthApplicationErrors } from './catalogue/oauth-application-errors.js';
import { svixErrors } from './catalogue/svix-errors.js';
import { templateErrors } from './catalogue/template-errors.js';
import { enterpriseConnectionErrors } from './catalogue/enterprise-connection-errors.js';
import { waitlistErrors } from './catalogue/waitlist-errors.js';
import { machineAuthErrors } from './catalogue/machine-auth-errors.js';
import { adminPortalErrors } from './catalogue/admin-portal-errors.js';
import { fapiErrors } from './catalogue/fapi-errors.js';
import { fapiFlowErrors } from './catalogue/fapi-flow-errors.js';

/**
 * Every error Castellan answers with, in the style of Fastify's `createError`: a name the
 * throw sites call (`apiErrors.notFound('user', id)`), Clerk's code, the HTTP status, a short
 * message and a long-message template whose `%s` are filled, in order, by the call's
 * arguments. `param: true` makes the first argument the parameter at fault
 * (`meta.param_name`, `{param}` in the template); a string names a fixed parameter. A test
 * checks that every code is documented in docs/errors.md; the types check that every call
 * passes the parameter when the entry takes one, then one argument per `%s`.
 */
export const errorCatalogue = {
  ...requestErrors,
  ...paramErrors,
  ...identityErrors,
  ...restrictionErrors,
  ...authnErrors,
  ...profileErrors,
  ...verificationErrors,
  ...jwtTemplateErrors,
  ...tokenErrors,
  ...instanceErrors,
  ...instanceConfigErrors,
  ...sessionErrors,
  ...organizationErrors,
  ...invitationErrors,
  ...roleErrors,
  ...organizationDomainErrors,
  ...organizationInvitationErrors,
  ...organizationA1Errors,
  ...membershipErrors,
  ...oauthApplicationErrors,
  ...svixErrors,
  ...templateErrors,
  ...enterpriseConnectionErrors,
  ...waitlistErrors,
  ...machineAuthErrors,
  ...adminPortalErrors,
  ...fapiErrors,
  ...fapiFlowErrors,
} as const satisfies Record<string, CatalogueEntry>;

export type { CatalogueEntry };
export type ErrorName = keyof typeof errorCatalogue;
export type ErrorCode = (typeof errorCatalogue)[ErrorName]['code'];
