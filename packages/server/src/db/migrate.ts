import { type Kysely, type Migration, Migrator, NO_MIGRATIONS, sql } from 'kysely';
import { dialectNameOf } from './dialect.js';
import * as initial from './migrations/2026-11-26T00-initial.js';
import * as secretsAtRest from './migrations/2026-12-01T00-secrets-at-rest.js';
import * as userLockout from './migrations/2026-12-06T01-user-lockout.js';
import * as verificationsAndMessages from './migrations/2026-12-06T02-verifications-and-messages.js';
import * as profileAndAccounts from './migrations/2026-12-06T03-profile-and-accounts.js';
import * as restrictions from './migrations/2026-12-06T04-restrictions.js';
import * as instanceEnvironment from './migrations/2026-12-07T00-instance-environment.js';
import * as jwtTemplates from './migrations/2026-12-07T02-jwt-templates.js';
import * as tokensAndSignUps from './migrations/2026-12-07T05-tokens-and-sign-ups.js';
import * as domains from './migrations/2026-12-07T03-domains.js';
import * as secretKeys from './migrations/2026-12-07T04-secret-keys.js';
import * as sessionsAndClients from './migrations/2026-12-07T01-sessions-and-clients.js';
import * as organizations from './migrations/2026-12-07T06-organizations.js';
import * as invitations from './migrations/2026-12-07T09-invitations.js';
import * as rolesB from './migrations/2026-12-07T10-roles-b.js';
import * as organizationDomains from './migrations/2026-12-07T12-organization-domains.js';
import * as invitationsC from './migrations/2026-12-07T11-invitations-c.js';
import * as organizationsA1 from './migrations/2026-12-07T07-organizations-a1.js';
import * as webhooks from './migrations/2026-12-07T13-webhooks.js';
import * as templates from './migrations/2026-12-07T14-templates.js';
import * as oauthApplications from './migrations/2026-12-07T16-oauth-applications.js';
import * as webhookDelivery from './migrations/2026-12-07T15-webhook-delivery.js';
import * as enterpriseConnections from './migrations/2026-12-07T17-enterprise-connections.js';
import * as waitlist from './migrations/2026-12-07T19-waitlist.js';
import * as machineAuth from './migrations/2026-12-07T18-machine-auth.js';
import * as oauthAccessTokens from './migrations/2026-12-07T20-oauth-access-tokens.js';
import * as adminPortal from './migrations/2026-12-07T21-admin-portal.js';
import * as messageOrder from './migrations/2026-12-07T22-message-order.js';
import * as userSearchVersion from './migrations/2026-12-07T23-user-search-version.js';
import * as frontendApiHosts from './migrations/2026-12-07T24-frontend-api-hosts.js';
import * as signIns from './migrations/2026-12-07T25-sign-ins.js';
import * as organizationCounts from './migrations/2026-12-07T26-organization-counts.js';
import * as userPublicData from './migrations/2026-12-07T27-user-public-data.js';
import * as userSearchStatistics from './migrations/2026-12-07T28-user-search-statistics.js';

/** Every migration, by name (ISO date first, so they sort in the order they were written). */
const migrations: Record<string, Migration> = {
  '2026-11-26T00-initial': initial,
  '2026-12-01T00-secrets-at-rest': secretsAtRest,
  '2026-12-06T01-user-lockout': userLockout,
  '2026-12-06T02-verifications-and-messages': verificationsAndMessages,
  '2026-12-06T03-profile-and-accounts': profileAndAccounts,
  '2026-12-06T04-restrictions': restrictions,
  '2026-12-07T00-instance-environment': instanceEnvironment,
  '2026-12-07T02-jwt-templates': jwtTemplates,
  '2026-12-07T05-tokens-and-sign-ups': tokensAndSignUps,
  '2026-12-07T03-domains': domains,
  '2026-12-07T04-secret-keys': secretKeys,
  '2026-12-07T01-sessions-and-clients': sessionsAndClients,
  '2026-12-07T06-organizations': organizations,
  '2026-12-07T09-invitations': invitations,
  '2026-12-07T10-roles-b': rolesB,
  '2026-12-07T12-organization-domains': organizationDomains,
  '2026-12-07T11-invitations-c': invitationsC,
  '2026-12-07T07-organizations-a1': organizationsA1,
  '2026-12-07T13-webhooks': webhooks,
  '2026-12-07T14-templates': templates,
  '2026-12-07T16-oauth-applications': oauthApplications,
  '2026-12-07T15-webhook-delivery': webhookDelivery,
  '2026-12-07T17-enterprise-connections': enterpriseConnections,
  '2026-12-07T19-waitlist': waitlist,
  '2026-12-07T18-machine-auth': machineAuth,
  '2026-12-07T20-oauth-access-tokens': oauthAccessTokens,
  '2026-12-07T21-admin-portal': adminPortal,
  '2026-12-07T22-message-order': messageOrder,
  '2026-12-07T23-user-search-version': userSearchVersion,
  '2026-12-07T24-frontend-api-hosts': frontendApiHosts,
  '2026-12-07T25-sign-ins': signIns,
  '2026-12-07T26-organization-counts': organizationCounts,
  '2026-12-07T27-user-public-data': userPublicData,
  '2026-12-07T28-user-search-statistics': userSearchStatistics,
};

function migratorOf(db: Kysely<any>): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'castellan_migration',
    migrationLockTableName: 'castellan_migration_lock',
  });
}

/**
 * Reverts the migration `name` and every one after it; returns the names reverted. A
 * migration's test runs it again over rows the server wrote (`migrateToLatest` then applies
 * them anew).
 */
export async function revertMigrationsFrom(db: Kysely<any>, name: string): Promise<string[]> {
  const names = Object.keys(migrations).sort();
  const at = names.indexOf(name);
  if (at < 0) throw new Error(`no migration ${name}`);
  const { error, results } = await migratorOf(db).migrateTo(
    at === 0 ? NO_MIGRATIONS : names[at - 1]!,
  );
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Applies pending migrations; returns the names applied. Throws on the first failure. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const { error, results } = await migratorOf(db).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  if (dialectNameOf(db) === 'sqlite') {
    // Statistics for the planner (sqlite_stat1), gathered on a sample of each index
    // (SQLite's own analysis limit), for every table that lacks them or changed much since:
    // without them it may walk an `(instance_id, …)` index that every user matches.
    await sql`pragma optimize = 0x10002`.execute(db);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
