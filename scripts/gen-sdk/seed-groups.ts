// The seed SDK's resource groups (../shared/seed/sdk-README.md, "Available Resources and
// Operations") and the names @castellan/sdk gives groups.

/** The seed's groups (snake_case, as its README lists them) → @castellan/sdk's names. */
export const SEED_GROUP_NAMES: Readonly<Record<string, string>> = {
  miscellaneous: 'miscellaneous',
  jwks: 'jwks',
  clients: 'clients',
  email_addresses: 'emailAddresses',
  phone_numbers: 'phoneNumbers',
  sessions: 'sessions',
  email_and_sms_templates: 'emailAndSmsTemplates',
  users: 'users',
  invitations: 'invitations',
  organization_invitations: 'organizationInvitations',
  allow_list_block_list: 'allowListBlockList',
  beta_features: 'betaFeatures',
  actor_tokens: 'actorTokens',
  domains: 'domains',
  instance_settings: 'instanceSettings',
  webhooks: 'webhooks',
  jwt_templates: 'jwtTemplates',
  organizations: 'organizations',
  organization_memberships: 'organizationMemberships',
  organization_domains: 'organizationDomains',
  organization_domain: 'organizationDomain',
  proxy_checks: 'proxyChecks',
  redirect_ur_ls: 'redirectUrls',
  sign_in_tokens: 'signInTokens',
  sign_ups: 'signUps',
  o_auth_applications: 'oauthApplications',
  saml_connections: 'samlConnections',
  testing_tokens: 'testingTokens',
};

export interface SeedOperation {
  /** The seed's group, snake_case. */
  group: string;
  /** The seed's method name, snake_case (`get_client_list`). */
  method: string;
  deprecated: boolean;
}

/** The operations the seed README lists, in its order. */
export function parseSeedReadme(text: string): SeedOperation[] {
  const start = text.indexOf('<!-- Start Available Resources and Operations');
  const end = text.indexOf('<!-- End Available Resources and Operations');
  if (start < 0 || end < 0) throw new Error('seed README: no "Available Resources" section');
  const out: SeedOperation[] = [];
  let group: string | undefined;
  for (const line of text.slice(start, end).split('\n')) {
    const heading = /^### \[([a-z_]+)\]/.exec(line);
    if (heading) {
      group = heading[1]!;
      continue;
    }
    const item = /^\* \[(~~)?([a-z0-9_]+)(~~)?\]/.exec(line);
    if (item && group) out.push({ group, method: item[2]!, deprecated: item[1] === '~~' });
  }
  return out;
}

/** How an operationId and a seed method name compare: letters and digits, lowercased. */
export function normalizedName(name: string): string {
  return name.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
}

/** A spec tag as a group name in the seed's style: `Organization Permissions` → `organizationPermissions`. */
export function groupNameOfTag(tag: string): string {
  const words = tag
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
  return words.map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join('');
}
