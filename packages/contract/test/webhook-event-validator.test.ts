import { describe, expect, it } from 'vitest';
import { isWebhookEventType, validateWebhookEvent, webhookEventTypes } from '../src/index.js';

const permission = {
  object: 'permission',
  id: 'perm_1',
  name: 'Create posts',
  key: 'org:posts:create',
  description: 'Create new posts',
  type: 'custom',
  created_at: 1716883200000,
  updated_at: 1716883200000,
};

function envelope(type: string, data: unknown) {
  return {
    data,
    object: 'event',
    type,
    timestamp: 1716883200000,
    instance_id: 'ins_1',
    event_attributes: { http_request: { client_ip: '127.0.0.1', user_agent: 'test' } },
  };
}

describe('validateWebhookEvent', () => {
  it('knows every event type of the webhooks spec, billing ones included', () => {
    expect(webhookEventTypes).toContain('user.created');
    expect(webhookEventTypes).toContain('subscriptionItem.pastDue');
    expect(isWebhookEventType('session.pending')).toBe(true);
    expect(isWebhookEventType('invitation.created')).toBe(false);
  });

  it('accepts a permission.created payload and a deleted object', () => {
    expect(
      validateWebhookEvent('permission.created', envelope('permission.created', permission)),
    ).toEqual({ ok: true, errors: '' });
    const deleted = { object: 'permission', id: 'perm_1', deleted: true };
    expect(
      validateWebhookEvent('permission.deleted', envelope('permission.deleted', deleted)).ok,
    ).toBe(true);
  });

  it('merges allOf members instead of letting a closed member reject the others', () => {
    // Role is closed (additionalProperties: false); its permissions are Permission objects.
    const role = {
      object: 'role',
      id: 'role_1',
      name: 'Editor',
      key: 'org:editor',
      description: null,
      is_creator_eligible: false,
      permissions: [permission],
      created_at: 1,
      updated_at: 2,
    };
    expect(validateWebhookEvent('role.updated', envelope('role.updated', role)).ok).toBe(true);
    const extra = validateWebhookEvent('role.updated', envelope('role.updated', { ...role, x: 1 }));
    expect(extra.errors).toContain('must NOT have additional properties "x"');
  });

  it("checks Castellan's invitation events with the spec's Invitation component", () => {
    const invitation = {
      object: 'invitation',
      id: 'inv_1',
      email_address: 'a@example.com',
      public_metadata: {},
      revoked: false,
      status: 'pending',
      expires_at: null,
      created_at: 1,
      updated_at: 1,
    };
    expect(isWebhookEventType('invitation.created')).toBe(false);
    const ok = validateWebhookEvent(
      'invitation.created',
      envelope('invitation.created', invitation),
    );
    expect(ok).toEqual({ ok: true, errors: '' });
    const { status: _status, ...statusless } = invitation;
    const missing = envelope('invitation.revoked', statusless);
    expect(validateWebhookEvent('invitation.revoked', missing).errors).toContain(
      "/data must have required property 'status'",
    );
    const { data: _data, ...bare } = envelope('invitation.created', invitation);
    expect(validateWebhookEvent('invitation.created', bare).errors).toContain(
      "must have required property 'data'",
    );
  });

  it('rejects a missing required field, a wrong envelope and an unknown type', () => {
    const { key: _key, ...keyless } = permission;
    const missing = validateWebhookEvent(
      'permission.created',
      envelope('permission.created', keyless),
    );
    expect(missing.errors).toContain("/data must have required property 'key'");
    const wrongType = validateWebhookEvent(
      'permission.updated',
      envelope('permission.created', permission),
    );
    expect(wrongType.errors).toContain('permission.updated: type is "permission.created"');
    const notEvent = { ...envelope('permission.created', permission), object: 'permission' };
    expect(validateWebhookEvent('permission.created', notEvent).errors).toContain(
      'object is not "event"',
    );
    const noInstance = { ...envelope('permission.created', permission), instance_id: undefined };
    expect(validateWebhookEvent('permission.created', noInstance).ok).toBe(false);
    expect(validateWebhookEvent('invitation.updated', {}).errors).toBe(
      'Unknown webhook event type invitation.updated',
    );
  });
});
