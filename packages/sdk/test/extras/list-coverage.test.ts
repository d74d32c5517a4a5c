import { describe, expect, it } from 'vitest';
import { operations } from '../../../contract/src/index.js';
import {
  Castellan,
  operationSpecs,
  type ListMethodName,
  type OperationSpec,
} from '../../src/index.js';

type Lists = { [G in keyof Castellan]?: readonly ListMethodName<Castellan[G]>[] };

// Every list of the spec, by group. `satisfies` makes the compiler check that `paginate`
// takes each (a limit/offset request, an answer of a shape it reads, the item type known).
const LISTS = {
  allowListBlockList: ['listAllowlistIdentifiers'],
  apiKeys: ['getApiKeys'],
  clients: ['getClientList'],
  commerce: ['getCommercePlanList', 'getCommerceSubscriptionItemList'],
  emailAndSmsTemplates: ['getTemplateList'],
  enterpriseConnections: ['listEnterpriseConnections', 'listEnterpriseConnectionTestRuns'],
  invitations: ['listInvitations'],
  jwtTemplates: ['listJWTTemplates'],
  m2mTokens: ['getM2MTokens'],
  machines: ['listMachines'],
  oauthApplications: ['listOAuthApplications'],
  organizationDomains: ['listAllOrganizationDomains', 'listOrganizationDomains'],
  organizationInvitations: [
    'listInstanceOrganizationInvitations',
    'listOrganizationInvitations',
    'listPendingOrganizationInvitations',
  ],
  organizationMemberships: ['instanceGetOrganizationMemberships', 'listOrganizationMemberships'],
  organizationPermissions: ['listOrganizationPermissions'],
  organizations: ['listOrganizations'],
  redirectUrls: ['listRedirectURLs'],
  roleSets: ['listRoleSets'],
  samlConnections: ['listSAMLConnections'],
  sessions: ['getSessionList'],
  users: [
    'getOAuthAccessToken',
    'getUserList',
    'usersGetOrganizationInvitations',
    'usersGetOrganizationMemberships',
  ],
  waitlistEntries: ['listWaitlistEntries'],
} as const satisfies Lists;

const methodName = (id: string) => id[0]!.toLowerCase() + id.slice(1);

describe('paginate covers every list of the spec', () => {
  const specs: Record<string, OperationSpec> = operationSpecs;
  const listIds = Object.keys(specs).filter((id) =>
    ['limit', 'offset'].every((key) => specs[id]!.query?.includes(key)),
  );
  const answers = operations as Record<string, { responses: Record<string, unknown> }>;

  it('names every operation taking limit and offset, as a method of its group', () => {
    const sdk = new Castellan() as unknown as Record<string, Record<string, unknown>>;
    const named = Object.entries(LISTS).flatMap(([group, methods]) =>
      methods.map((method) => {
        expect(sdk[group]![method], `${group}.${method}`).toBeTypeOf('function');
        return method;
      }),
    );
    expect(named.sort()).toEqual(listIds.map(methodName).sort());
  });

  it('reads each answer: an array, or one array beside total_count', () => {
    for (const id of listIds) {
      const body = answers[id]!.responses['200'] as {
        type?: string;
        properties?: Record<string, { type?: string }>;
      };
      if (body.type === 'array') continue;
      const properties = Object.entries(body.properties ?? {});
      const arrays = properties.filter(([, schema]) => schema.type === 'array');
      expect(arrays, id).toHaveLength(1);
      expect(Object.fromEntries(properties), id).toHaveProperty('total_count');
    }
  });
});
