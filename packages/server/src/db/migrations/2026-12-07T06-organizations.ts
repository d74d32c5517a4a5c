import { type Kysely, sql } from 'kysely';
import { generateId } from '../../ids/generate-id.js';
import { dialectNameOf } from '../dialect.js';

/**
 * Organizations, their memberships, and the roles and permissions members hold: Clerk's
 * system permissions, the roles `org:admin` and `org:member`, and the initial role set
 * `role_set:default` holding both, seeded for every instance (new instances get them from
 * `seedOrganizationRoles`). `members_count` is a counter kept in the write that adds or
 * removes a membership, under the organization's row lock, so it is always exact.
 * Frozen: later changes get a migration of their own.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectNameOf(db) === 'postgres';
  const bool = sql.raw(pg ? 'boolean' : 'integer');
  const json = sql.raw(pg ? 'jsonb' : 'text');
  const instanceRef = (c: any) => c.notNull().references('instances.id').onDelete('cascade');
  const index = (name: string, table: string, columns: string[], unique = false) => {
    const create = db.schema.createIndex(name).on(table).columns(columns);
    return (unique ? create.unique() : create).execute();
  };

  await db.schema
    .createTable('permissions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', instanceRef)
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await index('permissions_key', 'permissions', ['instance_id', 'key'], true);
  await index('permissions_created_at', 'permissions', ['instance_id', 'created_at', 'id']);
  await index('permissions_name', 'permissions', ['instance_id', 'name', 'id']);

  await db.schema
    .createTable('roles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', instanceRef)
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await index('roles_key', 'roles', ['instance_id', 'key'], true);
  await index('roles_created_at', 'roles', ['instance_id', 'created_at', 'id']);

  await db.schema
    .createTable('role_permissions')
    .addColumn('role_id', 'text', (c) => c.notNull().references('roles.id').onDelete('cascade'))
    .addColumn('permission_id', 'text', (c) =>
      c.notNull().references('permissions.id').onDelete('cascade'),
    )
    .addColumn('instance_id', 'text', instanceRef)
    .addPrimaryKeyConstraint('role_permissions_pk', ['role_id', 'permission_id'])
    .execute();
  await index('role_permissions_permission', 'role_permissions', ['permission_id']);

  await db.schema
    .createTable('role_sets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', instanceRef)
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('default_role_id', 'text', (c) => c.references('roles.id'))
    .addColumn('creator_role_id', 'text', (c) => c.references('roles.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await index('role_sets_key', 'role_sets', ['instance_id', 'key'], true);
  await index('role_sets_created_at', 'role_sets', ['instance_id', 'created_at', 'id']);
  await index('role_sets_name', 'role_sets', ['instance_id', 'name', 'id']);
  await index('role_sets_type', 'role_sets', ['instance_id', 'type', 'id']);

  await db.schema
    .createTable('role_set_roles')
    .addColumn('role_set_id', 'text', (c) =>
      c.notNull().references('role_sets.id').onDelete('cascade'),
    )
    .addColumn('role_id', 'text', (c) => c.notNull().references('roles.id'))
    .addColumn('instance_id', 'text', instanceRef)
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('role_set_roles_pk', ['role_set_id', 'role_id'])
    .execute();
  await index('role_set_roles_role', 'role_set_roles', ['role_id']);

  await db.schema
    .createTable('organizations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', instanceRef)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_lower', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('image_id', 'text')
    .addColumn('max_allowed_memberships', 'bigint', (c) => c.notNull())
    .addColumn('admin_delete_enabled', bool, (c) => c.notNull())
    .addColumn('public_metadata', json, (c) => c.notNull())
    .addColumn('private_metadata', json, (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('role_set_id', 'text', (c) => c.references('role_sets.id'))
    .addColumn('members_count', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('last_active_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await index('organizations_slug', 'organizations', ['instance_id', 'slug'], true);
  await index('organizations_created_at', 'organizations', ['instance_id', 'created_at', 'id']);
  await index('organizations_name', 'organizations', ['instance_id', 'name_lower', 'id']);
  await index('organizations_members', 'organizations', ['instance_id', 'members_count', 'id']);
  await index('organizations_role_set', 'organizations', ['role_set_id']);

  await db.schema
    .createTable('organization_memberships')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', instanceRef)
    .addColumn('organization_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role_id', 'text', (c) => c.notNull().references('roles.id'))
    .addColumn('public_metadata', json, (c) => c.notNull())
    .addColumn('private_metadata', json, (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  const m = 'organization_memberships';
  await index(`${m}_org_user`, m, ['organization_id', 'user_id'], true);
  await index(`${m}_org_created`, m, ['organization_id', 'created_at', 'id']);
  await index(`${m}_org_role`, m, ['organization_id', 'role_id', 'id']);
  await index(`${m}_user_created`, m, ['user_id', 'created_at', 'id']);
  await index(`${m}_instance_created`, m, ['instance_id', 'created_at', 'id']);
  await index(`${m}_role`, m, ['role_id']);

  // An invitation's ticket is kept as its SHA-256 (`token_hash`); pending ones past
  // `expires_at` read as expired, so pending counts are counted (status, expires_at), not kept.
  await db.schema
    .createTable('organization_invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', instanceRef)
    .addColumn('organization_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('email_address', 'text', (c) => c.notNull())
    .addColumn('email_lower', 'text', (c) => c.notNull())
    .addColumn('role_id', 'text', (c) => c.notNull().references('roles.id'))
    .addColumn('inviter_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('public_metadata', json, (c) => c.notNull())
    .addColumn('private_metadata', json, (c) => c.notNull())
    .addColumn('redirect_url', 'text')
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  const i = 'organization_invitations';
  await index(`${i}_token_hash`, i, ['instance_id', 'token_hash'], true);
  await index(`${i}_org_created`, i, ['organization_id', 'created_at', 'id']);
  await index(`${i}_org_status`, i, ['organization_id', 'status', 'expires_at']);
  await index(`${i}_org_email`, i, ['organization_id', 'email_lower', 'status']);
  await index(`${i}_instance_created`, i, ['instance_id', 'created_at', 'id']);
  await index(`${i}_instance_status`, i, ['instance_id', 'status', 'created_at', 'id']);
  await index(`${i}_email`, i, ['instance_id', 'email_lower', 'status']);
  await index(`${i}_role`, i, ['role_id']);
  await index(`${i}_inviter`, i, ['inviter_id']);

  const instances = (await db.selectFrom('instances').select('id').execute()) as { id: string }[];
  const now = Date.now();
  for (const { id } of instances) await seed(db, id, now);
}

// The defaults as they were on this date (new instances: roles/role-seed.ts).
const SYSTEM_PERMISSIONS: [string, string, string][] = [
  ['org:sys_profile:manage', 'Manage organization', 'Permission to manage an organization.'],
  ['org:sys_profile:delete', 'Delete organization', 'Permission to delete an organization.'],
  [
    'org:sys_memberships:read',
    'Read members',
    'Permission to read the members of an organization.',
  ],
  [
    'org:sys_memberships:manage',
    'Manage members',
    'Permission to manage the members of an organization.',
  ],
  ['org:sys_domains:read', 'Read domains', 'Permission to read the domains of an organization.'],
  [
    'org:sys_domains:manage',
    'Manage domains',
    'Permission to manage the domains of an organization.',
  ],
  ['org:sys_billing:read', 'Read billing', 'Permission to read the billing of an organization.'],
  [
    'org:sys_billing:manage',
    'Manage billing',
    'Permission to manage the billing of an organization.',
  ],
];
const MEMBER_PERMISSIONS = ['org:sys_memberships:read'];

async function seed(db: Kysely<any>, instanceId: string, now: number): Promise<void> {
  const permissionIds = new Map<string, string>();
  for (const [key, name, description] of SYSTEM_PERMISSIONS) {
    const id = generateId('perm', now);
    permissionIds.set(key, id);
    await db
      .insertInto('permissions')
      .values({
        id,
        instance_id: instanceId,
        key,
        name,
        description,
        type: 'system',
        created_at: now,
        updated_at: now,
      })
      .execute();
  }
  const roles = [
    {
      key: 'org:admin',
      name: 'Admin',
      description: 'Role with elevated permissions in the organization',
      permissions: SYSTEM_PERMISSIONS.map((p) => p[0]),
    },
    {
      key: 'org:member',
      name: 'Member',
      description: 'Role with non-elevated permissions in the organization',
      permissions: MEMBER_PERMISSIONS,
    },
  ];
  const roleIds: string[] = [];
  for (const role of roles) {
    const id = generateId('role', now);
    roleIds.push(id);
    await db
      .insertInto('roles')
      .values({
        id,
        instance_id: instanceId,
        key: role.key,
        name: role.name,
        description: role.description,
        created_at: now,
        updated_at: now,
      })
      .execute();
    for (const key of role.permissions) {
      await db
        .insertInto('role_permissions')
        .values({ role_id: id, permission_id: permissionIds.get(key), instance_id: instanceId })
        .execute();
    }
  }
  const roleSetId = generateId('rs', now);
  await db
    .insertInto('role_sets')
    .values({
      id: roleSetId,
      instance_id: instanceId,
      key: 'role_set:default',
      name: 'Default role set',
      description: null,
      type: 'initial',
      default_role_id: roleIds[1],
      creator_role_id: roleIds[0],
      created_at: now,
      updated_at: now,
    })
    .execute();
  for (const roleId of roleIds) {
    await db
      .insertInto('role_set_roles')
      .values({ role_set_id: roleSetId, role_id: roleId, instance_id: instanceId, created_at: now })
      .execute();
  }
}
