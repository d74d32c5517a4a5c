import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiErrors, formatTemplate } from '../../src/errors/api-errors.js';
import { authnErrors } from '../../src/errors/catalogue/authn-errors.js';
import { identityErrors } from '../../src/errors/catalogue/identity-errors.js';
import { jwtTemplateErrors } from '../../src/errors/catalogue/jwt-template-errors.js';
import { instanceErrors } from '../../src/errors/catalogue/instance-errors.js';
import { sessionErrors } from '../../src/errors/catalogue/session-errors.js';
import { organizationErrors } from '../../src/errors/catalogue/organization-errors.js';
import { membershipErrors } from '../../src/errors/catalogue/membership-errors.js';
import { templateErrors } from '../../src/errors/catalogue/template-errors.js';
import { verificationErrors } from '../../src/errors/catalogue/verification-errors.js';
import { instanceConfigErrors } from '../../src/errors/catalogue/instance-config-errors.js';
import { paramErrors } from '../../src/errors/catalogue/param-errors.js';
import { profileErrors } from '../../src/errors/catalogue/profile-errors.js';
import { requestErrors } from '../../src/errors/catalogue/request-errors.js';
import { restrictionErrors } from '../../src/errors/catalogue/restriction-errors.js';
import { roleErrors } from '../../src/errors/catalogue/role-errors.js';
import { tokenErrors } from '../../src/errors/catalogue/token-errors.js';
import { invitationErrors } from '../../src/errors/catalogue/invitation-errors.js';
import { organizationDomainErrors } from '../../src/errors/catalogue/organization-domain-errors.js';
import { organizationInvitationErrors } from '../../src/errors/catalogue/organization-invitation-errors.js';
import { organizationA1Errors } from '../../src/errors/catalogue/organization-a1-errors.js';
import { oauthApplicationErrors } from '../../src/errors/catalogue/oauth-application-errors.js';
import { svixErrors } from '../../src/errors/catalogue/svix-errors.js';
import { enterpriseConnectionErrors } from '../../src/errors/catalogue/enterprise-connection-errors.js';
import { waitlistErrors } from '../../src/errors/catalogue/waitlist-errors.js';
import { machineAuthErrors } from '../../src/errors/catalogue/machine-auth-errors.js';
import { adminPortalErrors } from '../../src/errors/catalogue/admin-portal-errors.js';
import { fapiErrors } from '../../src/errors/catalogue/fapi-errors.js';
import { fapiFlowErrors } from '../../src/errors/catalogue/fapi-flow-errors.js';
import { errorCatalogue } from '../../src/errors/error-catalogue.js';

describe('error catalogue', () => {
  const doc = readFileSync(new URL('../../../../docs/errors.md', import.meta.url), 'utf8');

  it.each(Object.entries(errorCatalogue))(
    '%s: its code is documented in docs/errors.md with its status',
    (_name, entry) => {
      // A table row: | `code` | status | … (cells padded however the formatter likes).
      const row = new RegExp(
        String.raw`^\|\s*\x60${entry.code}\x60\s*\|\s*${entry.status}\s*\|`,
        'm',
      );
      expect(doc, `docs/errors.md has no row for ${entry.code} (${entry.status})`).toMatch(row);
    },
  );

  it('has no name twice across its parts', () => {
    const parts = [
      requestErrors,
      paramErrors,
      identityErrors,
      authnErrors,
      profileErrors,
      restrictionErrors,
      verificationErrors,
      jwtTemplateErrors,
      tokenErrors,
      instanceErrors,
      instanceConfigErrors,
      sessionErrors,
      invitationErrors,
      organizationErrors,
      roleErrors,
      organizationDomainErrors,
      organizationInvitationErrors,
      organizationA1Errors,
      membershipErrors,
      oauthApplicationErrors,
      svixErrors,
      templateErrors,
      enterpriseConnectionErrors,
      waitlistErrors,
      machineAuthErrors,
      adminPortalErrors,
      fapiErrors,
      fapiFlowErrors,
    ];
    const total = parts.reduce((n, part) => n + Object.keys(part).length, 0);
    expect(Object.keys(errorCatalogue)).toHaveLength(total);
  });

  it('fills the parameter and the placeholders in order', () => {
    const error = apiErrors.duplicateValue('email_address', 'a@example.com');
    expect(error.status).toBe(422);
    expect(error.errors).toEqual([
      {
        code: 'form_param_value_invalid',
        message: 'is invalid',
        longMessage: 'email_address contains a@example.com more than once.',
        meta: { param_name: 'email_address' },
      },
    ]);
    expect(apiErrors.notFound('user', 'user_1').errors[0]).toEqual({
      code: 'resource_not_found',
      message: 'not found',
      longMessage: 'No user was found with id user_1.',
    });
    expect(apiErrors.orderByInvalid('a, b').errors[0]!.meta).toEqual({ param_name: 'order_by' });
    expect(formatTemplate('%s and %s', ['x', 2])).toBe('x and 2');
  });

  it('leaves no placeholder unfilled in any long message', () => {
    for (const [name, entry] of Object.entries(errorCatalogue)) {
      const count = entry.longMessage.split('%s').length - 1;
      const args = Array.from({ length: count }, (_, i) => `arg${i}`);
      const make = apiErrors[name as keyof typeof apiErrors] as (...a: string[]) => {
        errors: { longMessage: string }[];
      };
      const text = ('param' in entry && entry.param === true ? make('p', ...args) : make(...args))
        .errors[0]!.longMessage;
      expect(text, name).not.toMatch(/%s|\{param\}/);
    }
  });
});
