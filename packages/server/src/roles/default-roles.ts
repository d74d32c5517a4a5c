/** Clerk's system permissions: every instance has them, and `org:admin` holds them all. */
export const SYSTEM_PERMISSIONS: readonly { key: string; name: string; description: string }[] = [
  {
    key: 'org:sys_profile:manage',
    name: 'Manage organization',
    description: 'Permission to manage an organization.',
  },
  {
    key: 'org:sys_profile:delete',
    name: 'Delete organization',
    description: 'Permission to delete an organization.',
  },
  {
    key: 'org:sys_memberships:read',
    name: 'Read members',
    description: 'Permission to read the members of an organization.',
  },
  {
    key: 'org:sys_memberships:manage',
    name: 'Manage members',
    description: 'Permission to manage the members of an organization.',
  },
  {
    key: 'org:sys_domains:read',
    name: 'Read domains',
    description: 'Permission to read the domains of an organization.',
  },
  {
    key: 'org:sys_domains:manage',
    name: 'Manage domains',
    description: 'Permission to manage the domains of an organization.',
  },
  {
    key: 'org:sys_billing:read',
    name: 'Read billing',
    description: 'Permission to read the billing of an organization.',
  },
  {
    key: 'org:sys_billing:manage',
    name: 'Manage billing',
    description: 'Permission to manage the billing of an organization.',
  },
];

/** The permission that makes a member an administrator: invites, last-admin rule, "elevated". */
export const MANAGE_MEMBERS_PERMISSION = 'org:sys_memberships:manage';

export const ADMIN_ROLE_KEY = 'org:admin';
export const MEMBER_ROLE_KEY = 'org:member';
export const DEFAULT_ROLE_SET_KEY = 'role_set:default';

/** The roles every instance starts with, and the permissions each grants. */
export const DEFAULT_ROLES: readonly {
  key: string;
  name: string;
  description: string;
  permissions: readonly string[];
}[] = [
  {
    key: ADMIN_ROLE_KEY,
    name: 'Admin',
    description: 'Role with elevated permissions in the organization',
    permissions: SYSTEM_PERMISSIONS.map((p) => p.key),
  },
  {
    key: MEMBER_ROLE_KEY,
    name: 'Member',
    description: 'Role with non-elevated permissions in the organization',
    permissions: ['org:sys_memberships:read'],
  },
];
