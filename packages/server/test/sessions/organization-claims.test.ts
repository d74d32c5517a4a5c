import { describe, expect, it } from 'vitest';
import { organizationClaims } from '../../src/sessions/session-organization.js';

describe("a session token's organization claims (for issue 9)", () => {
  it('writes the compact v2 claim: role without org:, permissions once, a mask per feature', () => {
    const claims = organizationClaims({
      id: 'org_1',
      slug: 'acme',
      role: 'org:admin',
      permissions: [
        'org:dashboard:read',
        'org:dashboard:manage',
        'org:billing:read',
        'org:sys_memberships:manage',
      ],
    });
    expect(claims).toEqual({
      o: { id: 'org_1', slg: 'acme', rol: 'admin', per: 'read,manage', fpm: '3,1,2' },
      fea: 'o:dashboard,o:billing,o:sys_memberships',
    });
  });

  it('keeps a custom role as it is and answers empty lists without permissions', () => {
    expect(organizationClaims({ id: 'org_2', slug: 's', role: 'member', permissions: [] })).toEqual(
      { o: { id: 'org_2', slg: 's', rol: 'member', per: '', fpm: '' }, fea: '' },
    );
  });
});
