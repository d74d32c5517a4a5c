import type {
  EmailRow,
  PhoneRow,
  SearchDocument,
  UserRowWithIdentifications,
} from '../src/users/user-rows.js';
import { searchDocumentOf } from '../src/users/user-search.js';
import type { Selectable } from 'kysely';
import type { UserPublicDataTable } from '../src/db/schema.js';

/**
 * One seeded user: exactly the rows `POST /v1/users` writes for it (see `create-user.ts`).
 * `user` also carries its identifications (as `findUserById` returns it); seeders insert
 * only the table's columns.
 */
export interface SeedUser {
  user: UserRowWithIdentifications;
  email: EmailRow;
  phone: PhoneRow | undefined;
  search: SearchDocument;
  /** Its `user_public_data` row. */
  publicData: Selectable<UserPublicDataTable>;
}

/** A fixed bcrypt (cost 10) digest, so seeding is deterministic and costs no hashing. */
export const SEED_PASSWORD_DIGEST = '$2b$10$I7JtQZJAGBCs1YnVM8lV0O2ZKT70I6lOgfwLS9wsyKM0TtIpJLdii';

const FIRST = (
  'Olivia Liam Emma Noah Ava Elijah Sophia James Isabella William Mia Benjamin Charlotte Lucas ' +
  'Amelia Henry Harper Alexander Evelyn Mason Abigail Michael Emily Ethan Elizabeth Daniel Sofia ' +
  'Jacob Avery Logan Ella Jackson Scarlett Sebastian Grace Jack Chloe Aiden Victoria Owen Riley ' +
  'Samuel Aria Matthew Lily Joseph Aurora Levi Zoë David José Mateo Chiara Hiroshi Priya Kwame ' +
  'Ingrid Anaïs Björn Fatima Martín Siobhan Dmitri'
).split(' ');
const LAST = (
  'Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez ' +
  'Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris ' +
  'Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill ' +
  'Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Müller Schmidt ' +
  "Rossi Tanaka Okafor Kowalski Johansson O'Brien Dubois Novak Petrov Haddad"
).split(' ');
const AREA_CODES = [201, 212, 213, 305, 312, 415, 503, 617, 702, 808];

/** Users are created over three years, in index order (as a live database fills up). */
const END_MS = Date.UTC(2026, 9, 1);
const SPAN_MS = 3 * 365 * 24 * 3600 * 1000;

/** 32-bit avalanche hash (murmur3 finalizer): the seed's only source of "randomness". */
export function hash32(i: number, salt: number): number {
  let h = Math.imul(i ^ Math.imul(salt, 0x9e3779b1), 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h ^ salt, 0x27d4eb2f);
  return (h ^ (h >>> 15)) >>> 0;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const KSUID_EPOCH_SECONDS = 1_400_000_000;

/** `generateId`'s layout (4 bytes of seconds + 16 "random" bytes, base62), deterministically. */
export function seedId(prefix: string, ms: number, i: number, salt: number): string {
  const words = [Math.floor(ms / 1000) - KSUID_EPOCH_SECONDS];
  for (let k = 0; k < 4; k++) words.push(hash32(i, salt * 8 + k));
  const out = new Array<string>(27);
  for (let d = 26; d >= 0; d--) {
    let rem = 0;
    for (let w = 0; w < words.length; w++) {
      const cur = rem * 0x100000000 + words[w]!;
      const q = Math.floor(cur / 62);
      rem = cur - q * 62;
      words[w] = q;
    }
    out[d] = BASE62[rem]!;
  }
  return `${prefix}_${out.join('')}`;
}

/** Creation time of user `i` of `n`: strictly increasing in `i`, jittered within its slot. */
export function createdAtOf(i: number, n: number): number {
  const step = SPAN_MS / n;
  return Math.floor(END_MS - SPAN_MS + i * step + (hash32(i, 1) / 2 ** 32) * step * 0.9);
}

export function userIdOf(i: number, n: number): string {
  return seedId('user', createdAtOf(i, n), i, 2);
}

/** ~15% of users have a phone; phone `k` is a distinct valid US number. */
function phoneOf(i: number): string | undefined {
  if (hash32(i, 3) % 100 >= 15) return undefined;
  const area = AREA_CODES[i % AREA_CODES.length]!;
  const rest = Math.floor(i / AREA_CODES.length);
  return `+1${area}${200 + (rest % 700)}${String(Math.floor(rest / 700)).padStart(4, '0')}`;
}

/**
 * User `i` of `n`, as `createUser` stores a user created at `created_at` through the API
 * (identifications are created in the same instant; `now` = `created_at`).
 * `searchRowid` is the user's FTS5 rowid (SQLite) or null (PostgreSQL).
 */
export function seedUserAt(
  i: number,
  n: number,
  instanceId: string,
  searchRowid: number | null,
): SeedUser {
  const at = createdAtOf(i, n);
  const id = userIdOf(i, n);
  const first = FIRST[hash32(i, 4) % FIRST.length]!;
  const last = LAST[hash32(i, 5) % LAST.length]!;
  const username =
    hash32(i, 6) % 100 < 30 ? `${first[0]}${last}${i}`.replace(/[^A-Za-z0-9]/g, '') : null;
  const hasPassword = hash32(i, 7) % 100 < 60;
  const address = `user${i}@example.com`;
  // Keys in `create-user.ts`'s order, so the JSON snapshots on the row are byte-identical.
  const email: EmailRow = {
    id: seedId('idn', at, i, 10),
    instance_id: instanceId,
    user_id: id,
    email_address: address,
    email_lower: address,
    reserved: false,
    verification_status: 'verified',
    verification_strategy: 'admin',
    created_at: at,
    updated_at: at,
    verification_attempts: null,
    verification_expire_at: null,
  };
  const number = phoneOf(i);
  const phone: PhoneRow | undefined = number
    ? {
        id: seedId('idn', at, i, 11),
        instance_id: instanceId,
        user_id: id,
        phone_number: number,
        reserved: false,
        reserved_for_second_factor: false,
        default_second_factor: false,
        verification_status: 'verified',
        verification_strategy: 'admin',
        created_at: at,
        updated_at: at,
        verification_attempts: null,
        verification_expire_at: null,
      }
    : undefined;
  // Built in one literal: spreading a 40-field row costs more than everything else here.
  const user: UserRowWithIdentifications = {
    id,
    instance_id: instanceId,
    external_id: hash32(i, 8) % 100 < 25 ? `ext_${i}` : null,
    username,
    username_lower: username?.toLowerCase() ?? null,
    first_name: first,
    last_name: last,
    locale: null,
    image_url: null,
    primary_email_address_id: email.id,
    primary_phone_number_id: phone?.id ?? null,
    primary_web3_wallet_id: null,
    primary_email_lower: address,
    primary_phone: phone?.phone_number ?? null,
    primary_web3_lower: null,
    password_digest: hasPassword ? SEED_PASSWORD_DIGEST : null,
    password_hasher: hasPassword ? 'bcrypt' : null,
    password_last_updated_at: hasPassword ? at : null,
    totp_secret: null,
    backup_codes: null,
    mfa_enabled_at: null,
    mfa_disabled_at: null,
    public_metadata: hash32(i, 9) % 100 < 10 ? '{"plan":"pro","seats":5}' : '{}',
    private_metadata: '{}',
    unsafe_metadata: '{}',
    banned: false,
    locked: false,
    delete_self_enabled: true,
    create_organization_enabled: true,
    create_organizations_limit: null,
    bypass_client_trust: false,
    legal_accepted_at: null,
    last_active_at: null,
    last_sign_in_at: null,
    search_rowid: searchRowid,
    created_at: at,
    updated_at: at,
    // Identification snapshots, as the server writes them on the user row.
    emails: JSON.stringify([email]),
    phones: JSON.stringify(phone ? [phone] : []),
    wallets: '[]',
    failed_verification_attempts: 0,
    locked_at: null,
    totp_last_used_step: null,
    image_id: null,
    passkeys: null,
    external_accounts: null,
  };
  const publicData = {
    id,
    instance_id: instanceId,
    first_name: first,
    last_name: last,
    username,
    image_id: null,
    banned: false,
    identifier: address,
  };
  return { user, email, phone, search: searchDocumentOf(user), publicData };
}
