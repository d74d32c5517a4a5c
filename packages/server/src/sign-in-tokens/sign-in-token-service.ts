import type { RequestBody, ResponseBody } from '@castellan/contract';
import { apiErrors } from '../errors/api-errors.js';
import { generateId } from '../ids/generate-id.js';
import type { Scope } from '../platform/scope.js';
import { runWrite, type WriteTx } from '../platform/write.js';
import { lockUserIfExists } from '../users/user-writes.js';
import { readMemberAccess } from '../organizations/membership-service.js';
import { assertOrganizationsEnabled } from '../organizations/organization-rules.js';
import { insertSignInToken, type SignInTokenRow } from './sign-in-token-store.js';
import { hashTicketToken, newTicketToken, ticketLifetimeMs, ticketUrl } from './ticket.js';
import { acceptTicket, revokeTicket } from './ticket-writes.js';

// Actor tokens are tickets too: they share how a ticket is made, hashed, checked, revoked
// and redeemed.
export * from './ticket.js';
export * from './ticket-writes.js';

export type SignInToken = ResponseBody<'CreateSignInToken', '200'>;

/** Clerk's default: a sign-in token lasts 30 days. */
export const DEFAULT_SIGN_IN_TOKEN_SECONDS = 30 * 24 * 60 * 60;

/** The API object; `token` and `url` only in the create answer (the token is shown once). */
function signInTokenRowToApi(
  row: SignInTokenRow,
  shown?: { token: string; url: string },
): SignInToken {
  return {
    object: 'sign_in_token',
    id: row.id,
    status: row.status as SignInToken['status'],
    user_id: row.user_id,
    ...(shown ? { token: shown.token, url: shown.url } : { url: null }),
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

/**
 * `POST /v1/sign_in_tokens`: a pending ticket for an existing user. An `org_id` is the
 * organization to activate at sign-in: organizations must be enabled (403), it must exist
 * (404) and the user must be one of its members (403 `not_a_member_in_organization`).
 */
export async function createSignInToken(
  scope: Scope,
  input: RequestBody<'CreateSignInToken'>,
): Promise<SignInToken> {
  const lifetimeMs = ticketLifetimeMs(
    input.expires_in_seconds ?? DEFAULT_SIGN_IN_TOKEN_SECONDS,
    'expires_in_seconds',
  );
  const orgId = input.org_id ?? null;
  if (orgId !== null) await assertOrganizationsEnabled(scope.db, scope.instanceId);
  const token = newTicketToken();
  return runWrite(scope, async (tx) => {
    if (!(await lockUserIfExists(tx, input.user_id))) {
      throw apiErrors.notFound('user', input.user_id);
    }
    const organizationId =
      orgId === null ? null : await memberOrganization(tx, orgId, input.user_id);
    const row: SignInTokenRow = {
      id: generateId('sit', tx.now),
      instance_id: tx.instanceId,
      user_id: input.user_id,
      token_hash: hashTicketToken(token),
      status: 'pending',
      organization_id: organizationId,
      expires_at: tx.now + lifetimeMs,
      created_at: tx.now,
      updated_at: tx.now,
    };
    await insertSignInToken(tx.db, row);
    return signInTokenRowToApi(row, { token, url: ticketUrl(scope.instance, token) });
  });
}

/** The ID of the organization `orgId`, of which the user must be a member. */
async function memberOrganization(tx: WriteTx, orgId: string, userId: string): Promise<string> {
  const { organization, access } = await readMemberAccess(tx, orgId, userId);
  if (!organization) throw apiErrors.notFound('organization', orgId);
  if (!access) throw apiErrors.notAnOrganizationMember(userId, organization.id);
  return organization.id;
}

/** `POST /v1/sign_in_tokens/{id}/revoke`: a pending token becomes revoked; any other is a 400. */
export async function revokeSignInToken(scope: Scope, id: string): Promise<SignInToken> {
  return runWrite(scope, async (tx) =>
    signInTokenRowToApi(
      await revokeTicket(tx, 'sign_in_tokens', id, apiErrors.signInTokenNotRevocable),
    ),
  );
}

/** What redeeming a sign-in token gives the Frontend API: whom to sign in, and where. */
export interface AcceptedSignInToken {
  id: string;
  userId: string;
  organizationId: string | null;
}

/**
 * Redeems a sign-in token inside the caller's write (the Frontend API's `ticket` strategy,
 * which creates the session in the same transaction): a pending, unexpired token becomes
 * accepted, once; anything else throws `ticket_invalid` or `ticket_expired`.
 */
export async function acceptSignInToken(tx: WriteTx, token: string): Promise<AcceptedSignInToken> {
  const row = await acceptTicket(tx, 'sign_in_tokens', token);
  return { id: row.id, userId: row.user_id, organizationId: row.organization_id };
}
