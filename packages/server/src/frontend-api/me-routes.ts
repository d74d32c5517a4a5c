import { apiErrors } from '../errors/api-errors.js';
import { listUserMemberships } from '../organizations/membership-list.js';
import { listAllOrganizationDomains } from '../organizations/organization-domain-list.js';
import { listUserOrganizationInvitations } from '../organizations/organization-invitation-list.js';
import { getOrganization } from '../organizations/organization-service.js';
import { findClientSession } from '../sessions/session-browser.js';
import { assertSessionActive } from '../sessions/session-service.js';
import { getUser } from '../users/user-service.js';
import { browserMembership, browserUser } from './client-serializer.js';
import { bare, defineFapiModule, type FapiContext, type FormFields } from './fapi-context.js';
import { formString, formStrings } from './form-fields.js';

/**
 * `/v1/me` and `/v1/me/…`: the signed-in user, and what their pages read about their
 * organizations (what `<OrganizationSwitcher/>` asks for). The user is the one of the page's session
 * (`_clerk_session_id`, else the client's active session), which must be the browser's own
 * and active (else 401 `signed_out`, or 404 for a session that is not the browser's). Lists
 * answer `{response: {data, total_count}, client: null}` (clerk-js reads `response`).
 */

async function currentUserId(ctx: FapiContext): Promise<string> {
  const sessionId = ctx.sessionIdHint ?? ctx.client?.last_active_session_id ?? null;
  if (!ctx.client || sessionId === null) throw apiErrors.noActiveSession();
  const row = await findClientSession(ctx.scope, ctx.client.id, sessionId);
  assertSessionActive(row, ctx.scope.clock.now());
  return row.user_id;
}

/** `limit` (1–500, default 10) and `offset` (default 0) as the Backend API's lists take them. */
function pageOf(query: FormFields): { limit: number; offset: number } {
  const number = (name: string, fallback: number, min: number, max: number) => {
    const raw = formString(query, name);
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw apiErrors.paramValueInvalid(name, `must be an integer from ${min} to ${max}`);
    }
    return value;
  };
  return { limit: number('limit', 10, 1, 500), offset: number('offset', 0, 0, 1_000_000) };
}

const INVITATION_STATUSES = ['pending', 'accepted', 'revoked', 'expired'] as const;
type InvitationStatus = (typeof INVITATION_STATUSES)[number];

function invitationStatus(query: FormFields): InvitationStatus | undefined {
  const status = formString(query, 'status');
  if (status === undefined || status === '') return undefined;
  if (!(INVITATION_STATUSES as readonly string[]).includes(status)) {
    throw apiErrors.paramValueInvalid('status', `must be one of ${INVITATION_STATUSES.join(', ')}`);
  }
  return status as InvitationStatus;
}

/**
 * Suggestions: the organizations whose verified domain (enrollment `automatic_suggestion`) is
 * the domain of one of the user's verified email addresses, and which the user is not in.
 * Castellan records no requests to join, so every suggestion is `pending`.
 */
async function suggestionsOf(ctx: FapiContext, userId: string, query: FormFields) {
  const statuses = formStrings(query, 'status');
  const page = pageOf(query);
  if (statuses.length > 0 && !statuses.includes('pending')) return { data: [], total_count: 0 };
  const user = await getUser(ctx.scope, userId);
  const domains = [
    ...new Set(
      user.email_addresses
        .filter((e) => e.verification?.status === 'verified')
        .map((e) => e.email_address.split('@')[1]!.toLowerCase()),
    ),
  ];
  if (domains.length === 0) return { data: [], total_count: 0 };
  const [matching, memberships] = await Promise.all([
    listAllOrganizationDomains(ctx.scope, {
      verified: 'true',
      enrollment_mode: ['automatic_suggestion'],
      domains,
      limit: 500,
      offset: 0,
    }),
    listUserMemberships(ctx.scope, userId, { limit: 500, offset: 0 }),
  ]);
  const member = new Set(memberships.data.map((m) => m.organization.id));
  const suggestions = [];
  for (const d of matching.data.filter((d) => !member.has(d.organization_id))) {
    const organization = await getOrganization(ctx.scope, d.organization_id, {});
    suggestions.push({
      object: 'organization_suggestion',
      id: `orgsug_${d.id.replace(/^orgdmn_/, '')}`,
      status: 'pending',
      public_organization_data: {
        id: organization.id,
        name: organization.name,
        slug: organization.slug,
        has_image: organization.has_image,
        image_url: organization.image_url,
      },
      created_at: d.created_at,
      updated_at: d.updated_at,
    });
  }
  return {
    data: suggestions.slice(page.offset, page.offset + page.limit),
    total_count: suggestions.length,
  };
}

export const meModule = defineFapiModule({
  routes: [
    {
      method: 'GET',
      path: '/me',
      // clerk-js's `user.reload()`: the user as the client's sessions carry it.
      handler: async ({ ctx }) =>
        bare({ response: await browserUser(ctx, await currentUserId(ctx)), client: null }),
    },
    {
      method: 'GET',
      path: '/me/organization_memberships',
      handler: async ({ ctx, query }) => {
        const userId = await currentUserId(ctx);
        const page = await listUserMemberships(ctx.scope, userId, pageOf(query));
        const data = page.data.map(browserMembership);
        return bare({ response: { data, total_count: page.total_count }, client: null });
      },
    },
    {
      method: 'GET',
      path: '/me/organization_invitations',
      handler: async ({ ctx, query }) => {
        const userId = await currentUserId(ctx);
        const status = invitationStatus(query);
        const page = await listUserOrganizationInvitations(ctx.scope, userId, {
          ...pageOf(query),
          ...(status ? { status } : {}),
        });
        // The invitation's private metadata is the organization's business, not the browser's.
        const data = page.data.map(({ private_metadata: _private, ...invitation }) => ({
          ...invitation,
          object: 'organization_invitation',
        }));
        return bare({ response: { data, total_count: page.total_count }, client: null });
      },
    },
    {
      method: 'GET',
      path: '/me/organization_suggestions',
      handler: async ({ ctx, query }) => {
        const userId = await currentUserId(ctx);
        return bare({ response: await suggestionsOf(ctx, userId, query), client: null });
      },
    },
  ],
});
