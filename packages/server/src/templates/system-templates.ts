import { createHash } from 'node:crypto';

export type TemplateType = 'email' | 'sms';

/**
 * A template as Castellan ships it (Clerk calls these `resource_type: "system"`). An instance
 * overrides one with a row in `message_templates`; reverting deletes the row.
 */
export interface SystemTemplate {
  id: string;
  templateType: TemplateType;
  slug: string;
  name: string;
  position: number;
  subject: string | null;
  body: string;
  availableVariables: readonly string[];
  requiredVariables: readonly string[];
  /** Clerk: only notification SMS can be switched off (`enabled`). */
  canToggle: boolean;
  fromEmailName: string;
}

/** What every template may use: the application the message comes from. */
const APP = ['app.name', 'app.url', 'app.domain_name', 'app.logo_url', 'app.logo_image_url'];

/** Stable per type and slug, shaped like every other ID (`tmpl_` + 27 base62 characters). */
function systemTemplateId(type: TemplateType, slug: string): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  const digest = createHash('sha256').update(`castellan:${type}:${slug}`).digest();
  let id = '';
  for (let i = 0; i < 27; i += 1) id += alphabet[digest[i]! % 62];
  return `tmpl_${id}`;
}

type Definition = Omit<SystemTemplate, 'id' | 'templateType' | 'position' | 'canToggle'> & {
  canToggle?: boolean;
};

const EMAIL: Definition[] = [
  {
    slug: 'verification_code',
    name: 'Verification code',
    subject: '{{otp_code}} is your verification code',
    body:
      'Your verification code is {{otp_code}}.\n\n' +
      'It expires in 10 minutes. If you did not ask for it, you can ignore this email.\n',
    availableVariables: [...APP, 'otp_code', 'requested_at'],
    requiredVariables: ['otp_code'],
    fromEmailName: 'notifications',
  },
  {
    slug: 'reset_password_code',
    name: 'Reset password code',
    subject: '{{otp_code}} is your password reset code',
    body:
      'Your password reset code for {{app.name}} is {{otp_code}}.\n\n' +
      'If you did not ask to reset your password, you can ignore this email.\n',
    availableVariables: [...APP, 'otp_code', 'requested_at'],
    requiredVariables: ['otp_code'],
    fromEmailName: 'notifications',
  },
  {
    slug: 'magic_link_sign_in',
    name: 'Magic link sign in',
    subject: 'Sign in to {{app.name}}',
    body: 'Sign in to {{app.name}}: {{magic_link}}\n\nThe link expires in {{ttl_minutes}} minutes.\n',
    availableVariables: [...APP, 'magic_link', 'ttl_minutes', 'requested_at'],
    requiredVariables: ['magic_link'],
    fromEmailName: 'notifications',
  },
  {
    slug: 'magic_link_sign_up',
    name: 'Magic link sign up',
    subject: 'Sign up to {{app.name}}',
    body: 'Create your {{app.name}} account: {{magic_link}}\n\nThe link expires in {{ttl_minutes}} minutes.\n',
    availableVariables: [...APP, 'magic_link', 'ttl_minutes', 'requested_at'],
    requiredVariables: ['magic_link'],
    fromEmailName: 'notifications',
  },
  {
    slug: 'invitation',
    name: 'Invitation',
    subject: 'You have been invited to sign up',
    body:
      'You have been invited to create an account.\n\n' +
      'Accept the invitation: {{action_url}}\n\n' +
      'The link expires in {{expires_in}}. If you did not expect it, you can ignore this email.\n',
    availableVariables: [...APP, 'action_url', 'expires_in', 'inviter_name'],
    requiredVariables: ['action_url'],
    fromEmailName: 'invitations',
  },
  {
    slug: 'waitlist_invitation',
    name: 'Waitlist invitation',
    subject: 'You have been let in from the waitlist',
    body:
      'Your place on the waitlist came up: you can now create your account.\n\n' +
      'Accept the invitation: {{action_url}}\n\n' +
      'The link expires in {{expires_in}}. If you did not expect it, you can ignore this email.\n',
    availableVariables: [...APP, 'action_url', 'expires_in'],
    requiredVariables: ['action_url'],
    fromEmailName: 'invitations',
  },
  {
    slug: 'organization_invitation',
    name: 'Organization invitation',
    subject: 'Invitation to join {{org.name}}',
    body:
      '{{#if inviter_name}}{{inviter_name}} invited you{{else}}You are invited{{/if}} ' +
      'to join {{org.name}} as {{org_role}}.\n\n' +
      'Accept the invitation: {{action_url}}\n\n' +
      'The link expires in {{expires_in}}. If you did not expect it, you can ignore this email.\n',
    availableVariables: [
      ...APP,
      'action_url',
      'expires_in',
      'inviter_name',
      'org.name',
      'org_role',
    ],
    requiredVariables: ['action_url'],
    fromEmailName: 'invitations',
  },
  {
    slug: 'password_changed',
    name: 'Password changed',
    subject: 'Your {{app.name}} password was changed',
    body:
      'The password of your {{app.name}} account ({{primary_email_address}}) was changed ' +
      'on {{requested_at}}.\n\nIf you did not make this change, contact support right away.\n',
    availableVariables: [...APP, 'primary_email_address', 'greeting_name', 'requested_at'],
    requiredVariables: [],
    fromEmailName: 'notifications',
  },
  {
    slug: 'password_removed',
    name: 'Password removed',
    subject: 'Your {{app.name}} password was removed',
    body:
      'The password of your {{app.name}} account ({{primary_email_address}}) was removed ' +
      'on {{requested_at}}.\n\nIf you did not make this change, contact support right away.\n',
    availableVariables: [...APP, 'primary_email_address', 'greeting_name', 'requested_at'],
    requiredVariables: [],
    fromEmailName: 'notifications',
  },
  {
    slug: 'primary_email_address_changed',
    name: 'Primary email address changed',
    subject: 'Your primary email address was changed',
    body:
      'The primary email address of your account was changed from ' +
      '{{previous_email_address}} to {{new_email_address}}.\n\n' +
      'If you did not make this change, contact support right away.\n',
    availableVariables: [...APP, 'previous_email_address', 'new_email_address'],
    requiredVariables: [],
    fromEmailName: 'notifications',
  },
  {
    slug: 'sign_in_from_new_device',
    name: 'Sign in from new device',
    subject: 'New sign in to your {{app.name}} account',
    body:
      'Your {{app.name}} account was signed in to from a new device on {{session_created_at}}' +
      '{{#if device_type}} ({{device_type}}){{/if}}{{#if location}} near {{location}}{{/if}}.\n\n' +
      'If this was not you, sign out of that session: {{revoke_session_url}}\n',
    availableVariables: [
      ...APP,
      'sign_in_method',
      'device_type',
      'location',
      'ip_address',
      'session_created_at',
      'revoke_session_url',
    ],
    requiredVariables: [],
    fromEmailName: 'notifications',
  },
  {
    slug: 'waitlist_confirmation',
    name: 'Waitlist confirmation',
    subject: 'You are on the {{app.name}} waitlist',
    body:
      'Thanks for joining the {{app.name}} waitlist. We will email you an invitation as soon ' +
      'as your place comes up.\n\nIf you did not ask to join, you can ignore this email.\n',
    availableVariables: [...APP],
    requiredVariables: [],
    fromEmailName: 'notifications',
  },
];

const SMS: Definition[] = [
  {
    slug: 'verification_code',
    name: 'Verification code',
    subject: null,
    body: '{{otp_code}} is your verification code. It expires in 10 minutes.',
    availableVariables: [...APP, 'otp_code'],
    requiredVariables: ['otp_code'],
    fromEmailName: '',
  },
  {
    slug: 'reset_password_code',
    name: 'Reset password code',
    subject: null,
    body: '{{otp_code}} is your {{app.name}} password reset code.',
    availableVariables: [...APP, 'otp_code'],
    requiredVariables: ['otp_code'],
    fromEmailName: '',
  },
  {
    slug: 'invitation',
    name: 'Invitation',
    subject: null,
    body: 'You have been invited to {{app.name}}: {{action_url}}',
    availableVariables: [...APP, 'action_url', 'inviter_name'],
    requiredVariables: ['action_url'],
    fromEmailName: '',
  },
  {
    slug: 'password_changed',
    name: 'Password changed',
    subject: null,
    body: 'The password of your {{app.name}} account was changed. If it was not you, contact support.',
    availableVariables: [...APP, 'requested_at'],
    requiredVariables: [],
    canToggle: true,
    fromEmailName: '',
  },
  {
    slug: 'password_removed',
    name: 'Password removed',
    subject: null,
    body: 'The password of your {{app.name}} account was removed. If it was not you, contact support.',
    availableVariables: [...APP, 'requested_at'],
    requiredVariables: [],
    canToggle: true,
    fromEmailName: '',
  },
];

function build(type: TemplateType, definitions: Definition[]): SystemTemplate[] {
  return definitions.map((d, index) => ({
    ...d,
    id: systemTemplateId(type, d.slug),
    templateType: type,
    position: index,
    canToggle: d.canToggle ?? false,
  }));
}

/** The system templates of each type, in their listing order (`position`). */
export const SYSTEM_TEMPLATES: Readonly<Record<TemplateType, readonly SystemTemplate[]>> = {
  email: build('email', EMAIL),
  sms: build('sms', SMS),
};

export function isTemplateType(value: string): value is TemplateType {
  return value === 'email' || value === 'sms';
}

export function findSystemTemplate(type: string, slug: string): SystemTemplate | undefined {
  return isTemplateType(type) ? SYSTEM_TEMPLATES[type].find((t) => t.slug === slug) : undefined;
}
