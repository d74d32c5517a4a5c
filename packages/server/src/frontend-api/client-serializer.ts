import { findClient } from '../clients/client-browser.js';
import { ClerkApiError } from '../errors/clerk-api-error.js';
import { listUserMemberships } from '../organizations/membership-list.js';
import { activeSessionRowsOfClient } from '../sessions/session-reads.js';
import { factorVerificationAge } from '../sessions/session-mapper.js';
import { sessionStatusAt } from '../sessions/session-status.js';
import type { SessionRow } from '../sessions/session-store.js';
import { createBrowserSessionToken } from '../sessions/session-token-service.js';
import { getUser } from '../users/user-service.js';
import type { User } from '../users/user-mapper.js';
import type { FapiContext } from './fapi-context.js';

/**
 * The client as clerk-js reads it (`Client.fromJSON`): its active sessions, each with the
 * full user (organization memberships included) and a fresh `last_active_token` whose
 * organization claim is the session's active organization; its sign-in and sign-up in
 * progress (rendered by the flows' serializers); timestamps in milliseconds.
 */

type Membership = Awaited<ReturnType<typeof listUserMemberships>>['data'][number];

/**
 * A membership as the browser may see it: the Backend API's without the private metadata
 * (the membership's and the organization's) and the organization's Backend-only fields.
 */
export function browserMembership(membership: Membership) {
  const { private_metadata: _private, ...rest } = membership as Membership & {
    private_metadata?: unknown;
  };
  const {
    private_metadata: _orgPrivate,
    created_by: _createdBy,
    role_set_key: _roleSet,
    ...organization
  } = membership.organization as Membership['organization'] & {
    private_metadata?: unknown;
    created_by?: unknown;
    role_set_key?: unknown;
  };
  return { ...rest, organization };
}

/** The user as the browser may see it: the Backend API's user without private metadata. */
export async function browserUser(ctx: FapiContext, userId: string) {
  const user: Partial<User> = { ...(await getUser(ctx.scope, userId)) };
  delete user.private_metadata;
  const memberships = await listUserMemberships(ctx.scope, userId, { limit: 500, offset: 0 });
  return {
    ...user,
    // The FAPI spec says integer; clerk-js reads 0 as it reads null (`|| null`): no limit.
    create_organizations_limit: user.create_organizations_limit ?? 0,
    organization_memberships: memberships.data.map(browserMembership),
  };
}

/** `public_user_data` of a session (what the UI shows in the session list). */
function publicUserData(user: Awaited<ReturnType<typeof browserUser>>) {
  const primary = user.email_addresses?.find((e) => e.id === user.primary_email_address_id);
  return {
    first_name: user.first_name ?? null,
    last_name: user.last_name ?? null,
    image_url: user.image_url ?? '',
    has_image: user.has_image ?? false,
    identifier: primary?.email_address ?? user.username ?? '',
    user_id: user.id,
  };
}

/** One active session as the browser reads it, with a fresh token. */
export async function browserSession(ctx: FapiContext, row: SessionRow) {
  const user = await browserUser(ctx, row.user_id);
  const now = ctx.scope.clock.now();
  // An active organization the user has since left gives a token without one, as Clerk does.
  const organizationId =
    row.last_active_organization_id !== null &&
    user.organization_memberships.some((m) => m.organization.id === row.last_active_organization_id)
      ? row.last_active_organization_id
      : null;
  const token = await createBrowserSessionToken(ctx.scope, row, {
    azp: ctx.origin,
    organizationId,
  });
  return {
    object: 'session',
    id: row.id,
    status: 'active',
    expire_at: Number(row.expire_at),
    abandon_at: Number(row.abandon_at),
    last_active_at: Number(row.last_active_at),
    last_active_organization_id: organizationId,
    last_active_token: token,
    actor: row.actor === null ? null : (JSON.parse(String(row.actor)) as unknown),
    tasks: null,
    user,
    public_user_data: publicUserData(user),
    factor_verification_age: factorVerificationAge(row, now),
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
  };
}

/**
 * A session as a route about it answers it (touch, end, remove): active ones as the client
 * lists them, ended ones with their status and no token.
 */
export async function browserSessionOf(ctx: FapiContext, row: SessionRow) {
  const now = ctx.scope.clock.now();
  const stored = sessionStatusAt(row, now);
  if (stored === 'active') return browserSession(ctx, row);
  // `replaced` (single-session mode: a later sign-in took its place) is the Backend API's
  // word; the FAPI's sessions know it as `ended`.
  const status = stored === 'replaced' ? 'ended' : stored;
  const user = await browserUser(ctx, row.user_id).catch(() => null);
  return {
    object: 'session',
    id: row.id,
    status,
    expire_at: Number(row.expire_at),
    abandon_at: Number(row.abandon_at),
    last_active_at: Number(row.last_active_at),
    last_active_organization_id: row.last_active_organization_id,
    last_active_token: null,
    actor: null,
    tasks: null,
    user,
    public_user_data: user && publicUserData(user),
    factor_verification_age: factorVerificationAge(row, now),
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
  };
}

/** Renders an attempt, `null` when it is gone (a flow's serializer may throw a 404). */
async function attemptOf(
  ctx: FapiContext,
  id: string | null,
  render: ((ctx: FapiContext, id: string) => Promise<unknown>) | undefined,
): Promise<unknown> {
  if (id === null || !render) return null;
  try {
    return (await render(ctx, id)) ?? null;
  } catch (error) {
    if (error instanceof ClerkApiError && error.status === 404) return null;
    throw error;
  }
}

/** The request's client as the browser reads it, or null when the browser has none. */
export async function serializeClient(ctx: FapiContext) {
  const modules = ctx.modules;
  if (!ctx.client) return null;
  const row = await findClient(ctx.scope.db, ctx.scope.instanceId, ctx.client.id);
  if (!row) return null;
  ctx.client = row;
  const now = ctx.scope.clock.now();
  const sessionRows = await activeSessionRowsOfClient(ctx.scope.db, row.instance_id, row.id, now);
  const sessions = [];
  for (const session of sessionRows) sessions.push(await browserSession(ctx, session));
  const signIn = modules.find((m) => m.clientAttempts?.signIn)?.clientAttempts?.signIn;
  const signUp = modules.find((m) => m.clientAttempts?.signUp)?.clientAttempts?.signUp;
  const lastActive = sessions.some((s) => s.id === row.last_active_session_id)
    ? row.last_active_session_id
    : (sessions.at(-1)?.id ?? null);
  return {
    object: 'client',
    id: row.id,
    sessions,
    sign_in: await attemptOf(ctx, row.sign_in_id, signIn),
    sign_up: await attemptOf(ctx, row.sign_up_id, signUp),
    last_active_session_id: lastActive,
    last_authentication_strategy: row.last_authentication_strategy,
    // null: clerk-js then never routes navigations through `/v1/client/touch`.
    cookie_expires_at: null,
    captcha_bypass: false,
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
  };
}

/** Whether the client has a signed-in session now (production's `__client_uat` > 0). */
export async function clientSignedIn(ctx: FapiContext): Promise<boolean> {
  if (!ctx.client) return false;
  const rows = await activeSessionRowsOfClient(
    ctx.scope.db,
    ctx.scope.instanceId,
    ctx.client.id,
    ctx.scope.clock.now(),
  );
  return rows.length > 0;
}
