import type { ResponseBody } from '@castellan/contract';

type User = ResponseBody<'GetUser', '200'>;

/** Who a template token is for: what its shortcodes read. */
export interface TemplateTokenSubject {
  /** The contract's User object (`GetUser`). */
  user: User;
  session: {
    id: string;
    actor: Record<string, unknown> | null;
    fva: [number, number] | null;
  };
  /** The session's active organization and the user's membership in it, if any. */
  organization: null | {
    id: string;
    name: string;
    slug: string | null;
    image_url: string;
    role: string;
    permissions: string[];
    public_metadata: Record<string, unknown>;
  };
  /** The origin the token is for (the `azp` claim), when known. */
  azp: string | undefined;
}

type Read = (subject: TemplateTokenSubject) => unknown;

/** Clerk's timestamps in tokens are Unix seconds (its docs: `"registration_date": 1227618844`). */
const seconds = (ms: number | null | undefined) => (ms == null ? null : Math.floor(ms / 1000));

function primaryEmail(user: User) {
  return user.email_addresses.find((e) => e.id === user.primary_email_address_id);
}

function primaryPhone(user: User) {
  return user.phone_numbers.find((p) => p.id === user.primary_phone_number_id);
}

function fullName(user: User): string | null {
  const name = [user.first_name, user.last_name].filter(Boolean).join(' ');
  return name === '' ? null : name;
}

/** `{{user.…}}`: the fields of the user Clerk documents for templates. */
const USER: Record<string, Read> = {
  id: (s) => s.user.id,
  external_id: (s) => s.user.external_id,
  first_name: (s) => s.user.first_name,
  last_name: (s) => s.user.last_name,
  full_name: (s) => fullName(s.user),
  username: (s) => s.user.username,
  primary_email_address: (s) => primaryEmail(s.user)?.email_address ?? null,
  email_verified: (s) => primaryEmail(s.user)?.verification?.status === 'verified',
  primary_phone_address: (s) => primaryPhone(s.user)?.phone_number ?? null,
  phone_number_verified: (s) => primaryPhone(s.user)?.verification?.status === 'verified',
  primary_web3_wallet: (s) =>
    s.user.web3_wallets.find((w) => w.id === s.user.primary_web3_wallet_id)?.web3_wallet ?? null,
  image_url: (s) => s.user.image_url ?? null,
  has_image: (s) => s.user.has_image,
  two_factor_enabled: (s) => s.user.two_factor_enabled,
  created_at: (s) => seconds(s.user.created_at),
  updated_at: (s) => seconds(s.user.updated_at),
  last_sign_in_at: (s) => seconds(s.user.last_sign_in_at),
  public_metadata: (s) => s.user.public_metadata,
  unsafe_metadata: (s) => s.user.unsafe_metadata ?? {},
};

/** `{{org.…}}`: the session's active organization; every one is null without one. */
const ORG: Record<string, Read> = {
  id: (s) => s.organization?.id ?? null,
  name: (s) => s.organization?.name ?? null,
  slug: (s) => s.organization?.slug ?? null,
  image_url: (s) => s.organization?.image_url ?? null,
  role: (s) => s.organization?.role ?? null,
  permissions: (s) => s.organization?.permissions ?? null,
  public_metadata: (s) => s.organization?.public_metadata ?? null,
};

/** `{{session.…}}`. */
const SESSION: Record<string, Read> = {
  id: (s) => s.session.id,
  actor: (s) => s.session.actor,
};

const ROOTS: Record<string, Record<string, Read>> = { user: USER, org: ORG, session: SESSION };

/** Fields holding free-form JSON, whose nested keys a shortcode may name (`user.public_metadata.a.b`). */
const NESTED = new Set([
  'user.public_metadata',
  'user.unsafe_metadata',
  'org.public_metadata',
  'session.actor',
]);

/** A shortcode resolved when the template is saved: what to read, then the keys below it. */
export interface Shortcode {
  read: Read;
  path: readonly string[];
}

/**
 * The shortcode `name` (`user.first_name`, `user.public_metadata.a.b`), or a reason it is not
 * one. Nested keys are allowed under the free-form fields only.
 */
export function resolveShortcode(name: string): Shortcode | string {
  const [root = '', field = '', ...path] = name.split('.');
  const fields = Object.hasOwn(ROOTS, root) ? ROOTS[root]! : undefined;
  if (!fields) return `uses {{${name}}}: shortcodes start with user., org. or session.`;
  if (!Object.hasOwn(fields, field)) return `uses {{${name}}}, which is not a known shortcode`;
  if (path.length > 0 && !NESTED.has(`${root}.${field}`)) {
    return `uses {{${name}}}: ${root}.${field} has no nested fields`;
  }
  if (path.some((key) => key === '')) return `uses {{${name}}}, which has an empty key`;
  return { read: fields[field]!, path };
}

/** The value of a resolved shortcode for a subject; a key that is not there reads as null. */
export function readShortcode(shortcode: Shortcode, subject: TemplateTokenSubject): unknown {
  let value = shortcode.read(subject);
  for (const key of shortcode.path) {
    if (Array.isArray(value)) {
      // Arrays are indexed by digits only: `length` is not a key of the JSON.
      if (!/^\d+$/.test(key)) return null;
      value = value[Number(key)];
    } else if (typeof value === 'object' && value !== null && Object.hasOwn(value, key)) {
      value = (value as Record<string, unknown>)[key];
    } else return null;
  }
  return value ?? null;
}
