import { domainToASCII } from 'node:url';
import type { Kysely } from 'kysely';
import type { Db } from '../db/schema.js';
import { apiErrors } from '../errors/api-errors.js';
import { assertOrganizationsEnabled } from './organization-rules.js';
import { isPublicEmailDomain } from './organization-domain-public-emails.js';

/** The instance's organization settings (instances/), as the organizations work reads them. */
export type OrganizationSettings = Awaited<ReturnType<typeof assertOrganizationsEnabled>>;

export const ENROLLMENT_MODES = [
  'manual_invitation',
  'automatic_invitation',
  'automatic_suggestion',
  'enterprise_sso',
] as const;
export type DomainEnrollmentMode = (typeof ENROLLMENT_MODES)[number];

// Letters of any script (made punycode), digits, dashes and dots: nothing `domainToASCII` would
// read as a URL's path, query, port or percent-escape and silently drop.
const DOMAIN_CHARACTERS = /^[\p{L}\p{M}\p{N}.-]+$/u;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const TOP_LEVEL = /^(?:[a-z][a-z0-9-]*|xn--[a-z0-9-]+)$/;

/** Organizations enabled, and their domains too (`domains_enabled`); returns the settings. */
export async function assertDomainsEnabled(
  db: Kysely<Db>,
  instanceId: string,
): Promise<OrganizationSettings> {
  const settings = await assertOrganizationsEnabled(db, instanceId);
  if (!settings.domains_enabled) throw apiErrors.organizationDomainsNotEnabled();
  return settings;
}

/**
 * A domain name as stored: trimmed, without a final dot, lowercase ASCII (an
 * internationalized name becomes punycode, `bücher.de` → `xn--bcher-kva.de`), at least two
 * labels of letters, digits and inner dashes, a top-level label that is not a number (no IP
 * addresses), 253 characters at most. Not a public email provider's domain.
 */
export function parseDomainName(raw: string, param = 'name'): string {
  const trimmed = raw.trim().replace(/\.$/, '');
  if (trimmed === '') throw apiErrors.paramMissing(param);
  const ascii =
    trimmed.length > 253 * 4 || !DOMAIN_CHARACTERS.test(trimmed)
      ? ''
      : domainToASCII(trimmed.toLowerCase());
  const labels = ascii.split('.');
  if (
    ascii.length === 0 ||
    ascii.length > 253 ||
    labels.length < 2 ||
    !labels.every((label) => LABEL.test(label)) ||
    !TOP_LEVEL.test(labels[labels.length - 1]!)
  ) {
    throw apiErrors.paramFormatInvalid(param, 'must be a domain name, such as example.com');
  }
  if (isPublicEmailDomain(ascii)) throw apiErrors.organizationDomainCommon();
  return ascii;
}

/** A domain name given as a filter: normalized as stored when it can be, else as given. */
export function normalizeDomainFilter(raw: string): string {
  const lower = raw.trim().toLowerCase().replace(/\.$/, '');
  const convertible = lower.length <= 253 * 4 && DOMAIN_CHARACTERS.test(lower);
  return (convertible && domainToASCII(lower)) || lower;
}

/**
 * An enrollment mode a domain may take: `manual_invitation` always; the automatic ones when
 * the instance's `domains_enrollment_modes` has them; `enterprise_sso` never (Castellan has
 * no enterprise connections to enrol through).
 */
export function parseEnrollmentMode(
  raw: string,
  settings: Pick<OrganizationSettings, 'domains_enrollment_modes'>,
): DomainEnrollmentMode {
  if (!(ENROLLMENT_MODES as readonly string[]).includes(raw)) {
    throw apiErrors.paramValueInvalid(
      'enrollment_mode',
      `must be one of ${ENROLLMENT_MODES.join(', ')}`,
    );
  }
  const mode = raw as DomainEnrollmentMode;
  if (mode === 'manual_invitation') return mode;
  if (mode === 'enterprise_sso' || !settings.domains_enrollment_modes.includes(mode)) {
    throw apiErrors.organizationDomainEnrollmentModeNotEnabled(mode);
  }
  return mode;
}

/** Enrollment-mode filters: plain values include, `-` prefixed ones exclude (AND together). */
export interface ModeFilter {
  include: DomainEnrollmentMode[];
  exclude: DomainEnrollmentMode[];
}

export function parseModeFilter(values: readonly string[]): ModeFilter {
  const filter: ModeFilter = { include: [], exclude: [] };
  for (const value of values) {
    const mode = value.replace(/^-/, '');
    if (!(ENROLLMENT_MODES as readonly string[]).includes(mode)) {
      throw apiErrors.paramValueInvalid(
        'enrollment_mode',
        `accepts ${ENROLLMENT_MODES.join(', ')}, each optionally prefixed by -`,
      );
    }
    (value.startsWith('-') ? filter.exclude : filter.include).push(mode as DomainEnrollmentMode);
  }
  return filter;
}

/** `verified=true|false`. */
export function parseVerifiedFilter(raw: string | undefined): boolean | undefined {
  if (raw === undefined) return undefined;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  throw apiErrors.paramValueInvalid('verified', 'must be true or false');
}
