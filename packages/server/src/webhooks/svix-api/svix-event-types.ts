/**
 * The event types Castellan emits (named as in the webhooks spec, webhooks-2025-04-15.yml):
 * what an endpoint's `filterTypes` may name and what `GET /event-type` lists.
 */
export const SVIX_EVENT_TYPES: readonly string[] = [
  'email.created',
  'invitation.accepted',
  'invitation.created',
  'invitation.revoked',
  'organization.created',
  'organization.deleted',
  'organization.updated',
  'organizationDomain.created',
  'organizationDomain.deleted',
  'organizationDomain.updated',
  'organizationInvitation.accepted',
  'organizationInvitation.created',
  'organizationInvitation.revoked',
  'organizationMembership.created',
  'organizationMembership.deleted',
  'organizationMembership.updated',
  'permission.created',
  'permission.deleted',
  'permission.updated',
  'role.created',
  'role.deleted',
  'role.updated',
  'session.created',
  'session.ended',
  'session.pending',
  'session.removed',
  'session.revoked',
  'sms.created',
  'user.created',
  'user.deleted',
  'user.updated',
];

const KNOWN = new Set(SVIX_EVENT_TYPES);

export function isKnownEventType(name: string): boolean {
  return KNOWN.has(name);
}
