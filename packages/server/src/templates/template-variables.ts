import type { TemplateVariables } from './template-renderer.js';

/** The instance a message comes from, as its templates see it (`{{app.*}}`). */
export interface AppInfo {
  name: string;
  frontendApi: string;
}

/** `{{app}}`: Clerk's application variables; Castellan has no logo, so those are null. */
export function appVariables(app: AppInfo) {
  return {
    name: app.name,
    url: `https://${app.frontendApi}`,
    domain_name: app.frontendApi,
    logo_url: null,
    logo_image_url: null,
  };
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** `{{requested_at}}` as Clerk writes it: `30 August 2022, 12:14 UTC`. */
export function formatRequestedAt(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}, ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`
  );
}

/** How long something lasts, in words, for a message (`1 day`, `7 days`). */
export function daysInWords(days: number): string {
  return days === 1 ? '1 day' : `${days} days`;
}

/**
 * What `PreviewTemplate` renders with: every variable any system template offers, with a
 * made-up value, so a preview shows each placeholder filled.
 */
export function sampleVariables(app: AppInfo, now: number): TemplateVariables {
  const url = `https://${app.frontendApi}`;
  return {
    app: appVariables(app),
    otp_code: '123456',
    requested_at: formatRequestedAt(now),
    magic_link: `${url}/v1/verify?token=sample`,
    ttl_minutes: 10,
    action_url: `${url}/v1/tickets/accept?ticket=sample`,
    expires_in: daysInWords(30),
    inviter_name: 'Jane Doe',
    org: { name: 'Acme Inc' },
    org_role: 'Member',
    primary_email_address: 'jane@example.com',
    greeting_name: 'Jane',
    previous_email_address: 'jane@example.com',
    new_email_address: 'jane.doe@example.com',
    sign_in_method: 'email_code',
    device_type: 'Chrome, macOS',
    location: 'Paris, FR',
    ip_address: '203.0.113.7',
    session_created_at: formatRequestedAt(now),
    revoke_session_url: `${url}/user/security`,
  };
}
