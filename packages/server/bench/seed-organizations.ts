import type { OrganizationMembershipsTable, OrganizationsTable } from '../src/db/schema.js';
import { createdAtOf, seedId, userIdOf } from './seed-rows.js';

/** The roles and role set every seeded organization uses (read from the bootstrapped instance). */
export interface SeedRoles {
  roleSetId: string;
  adminRoleId: string;
  memberRoleId: string;
}

/** 10,000 organizations at 1,000,000 users (one per 100 users, at least 10). */
export function organizationCountFor(n: number): number {
  return Math.max(10, Math.min(10_000, Math.floor(n / 100)));
}

/** The ID of seeded organization `k` (of `orgs`), for the scenarios. */
export function organizationIdOf(k: number, n: number): string {
  return seedId('org', createdAtOf(k, n) - 1, k, 900);
}

/**
 * Organization `k`, created by user `k` just before that user's creation time; every user
 * `i` is a member of organization `i % orgs` (user `k` as `org:admin`, the rest
 * `org:member`), so `members_count` is how many `i < n` have `i % orgs === k`.
 */
export function seedOrganizationAt(
  k: number,
  orgs: number,
  n: number,
  instanceId: string,
  roles: SeedRoles,
): { [K in keyof OrganizationsTable]: unknown } {
  const createdAt = createdAtOf(k, n) - 1;
  return {
    id: organizationIdOf(k, n),
    instance_id: instanceId,
    name: `Organization ${k}`,
    name_lower: `organization ${k}`,
    slug: `organization-${k}`,
    image_id: null,
    max_allowed_memberships: 0,
    admin_delete_enabled: true,
    public_metadata: '{}',
    private_metadata: '{}',
    created_by: userIdOf(k, n),
    role_set_id: roles.roleSetId,
    members_count: Math.ceil((n - k) / orgs),
    last_active_at: null,
    created_at: createdAt,
    updated_at: createdAt,
  };
}

/** User `i`'s membership of organization `i % orgs`, made right after the user. */
export function seedMembershipAt(
  i: number,
  orgs: number,
  n: number,
  instanceId: string,
  roles: SeedRoles,
): { [K in keyof OrganizationMembershipsTable]: unknown } {
  const createdAt = createdAtOf(i, n) + 1;
  return {
    id: seedId('orgmem', createdAt, i, 901),
    instance_id: instanceId,
    organization_id: organizationIdOf(i % orgs, n),
    user_id: userIdOf(i, n),
    role_id: i < orgs ? roles.adminRoleId : roles.memberRoleId,
    public_metadata: '{}',
    private_metadata: '{}',
    created_at: createdAt,
    updated_at: createdAt,
  };
}

/** The instance's settings document with organizations on (Clerk's default is off). */
export const ORGANIZATIONS_ENABLED_SETTINGS = JSON.stringify({ organizations: { enabled: true } });

/** The query that finds the seed roles (both dialects; `$1`/`?` is the instance ID). */
export function seedRolesSql(placeholder: string): string {
  return `select
    (select id from role_sets where instance_id = ${placeholder} and type = 'initial') as role_set_id,
    (select id from roles where instance_id = ${placeholder} and key = 'org:admin') as admin_role_id,
    (select id from roles where instance_id = ${placeholder} and key = 'org:member') as member_role_id`;
}
