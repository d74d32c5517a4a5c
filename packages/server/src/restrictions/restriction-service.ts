import type { RequestBody, ResponseBody } from '@castellan/contract';
import type { Kysely } from 'kysely';
import type { Db } from '../db/schema.js';
import { toBool } from '../db/values.js';
import { apiErrors } from '../errors/api-errors.js';
import { ClerkApiError } from '../errors/clerk-api-error.js';
import type { Scope } from '../platform/scope.js';
import { runWrite, type WriteTx } from '../platform/write.js';
import { isDisposableEmail } from './disposable-domains.js';
import { domainWildcardKey } from './restriction-identifier.js';
import {
  findListedKeys,
  findRestrictions,
  upsertRestrictions,
  type RestrictionsRow,
} from './restriction-store.js';

export type InstanceRestrictions = ResponseBody<'UpdateInstanceRestrictions', '200'>;
type Setting = Exclude<keyof InstanceRestrictions, 'object'>;

const SETTINGS: readonly Setting[] = [
  'allowlist',
  'blocklist',
  'allowlist_blocklist_disabled_on_sign_in',
  'block_email_subaddresses',
  'block_disposable_email_domains',
];

/** An instance's settings; one that never changed them has every restriction off. */
function settingsOf(row: RestrictionsRow | undefined): InstanceRestrictions {
  const settings = { object: 'instance_restrictions' } as InstanceRestrictions;
  for (const key of SETTINGS) settings[key] = toBool(row?.[key]);
  return settings;
}

/** `PATCH /v1/instance/restrictions`: each setting sent as a boolean is applied; `null` or absent ones stay. */
export async function updateInstanceRestrictions(
  scope: Scope,
  input: RequestBody<'UpdateInstanceRestrictions'>,
): Promise<InstanceRestrictions> {
  const changes: Partial<Record<Setting, boolean>> = {};
  for (const key of SETTINGS) {
    const sent = input[key];
    if (typeof sent === 'boolean') changes[key] = sent;
  }
  return runWrite(scope, (tx) => writeRestrictionChanges(tx, changes));
}

/**
 * Applies restriction changes inside a write (UpdateInstanceRestrictions, and the beta
 * UpdateInstanceAuthConfig's `restricted_to_allowlist`); answers the settings after it.
 */
export async function writeRestrictionChanges(
  tx: WriteTx,
  changes: Partial<Record<Setting, boolean>>,
): Promise<InstanceRestrictions> {
  const { object: _object, ...defaults } = settingsOf(undefined);
  await upsertRestrictions(
    tx.db,
    { instance_id: tx.instanceId, ...defaults, ...changes, created_at: tx.now, updated_at: tx.now },
    { ...changes, updated_at: tx.now },
  );
  return settingsOf(await findRestrictions(tx.db, tx.instanceId));
}

/** The instance's restrictions as UpdateInstanceRestrictions answers them. */
export async function readInstanceRestrictions(
  db: Kysely<Db>,
  instanceId: string,
): Promise<InstanceRestrictions> {
  return settingsOf(await findRestrictions(db, instanceId));
}

/** Identifiers about to enter an instance, normalized as stored (see `assertIdentifiersAllowed`). */
export interface IdentifiersToCheck {
  /** Validated email addresses (compared lowercased). */
  emails?: readonly string[];
  /** E.164 phone numbers. */
  phones?: readonly string[];
  /** Wallet keys (`normalizeWeb3Wallet(…).lower`). */
  wallets?: readonly string[];
}

/** Email subaddressing: `user+tag@`, and the `=`/`#` separators some providers use. */
const SUBADDRESS = /[+=#]/;

/**
 * Refuses identifiers the instance's restrictions keep out, before anything is written:
 * subaddressed emails (`block_email_subaddresses`), disposable email domains
 * (`block_disposable_email_domains`), identifiers on the block-list (`blocklist`) and, with
 * `allowlist` on, identifiers not on the allow-list. An email matches an entry of its own
 * address or of its domain (`*@example.com`). Reads the settings by key and looks up only the
 * identifiers' own keys through the lists' unique index, so its cost does not grow with the
 * lists. Throws the first failing rule's errors, one item per identifier it refuses.
 */
export async function assertIdentifiersAllowed(
  db: Kysely<Db>,
  instanceId: string,
  ids: IdentifiersToCheck,
  /**
   * A sign-in (Frontend API): only the allow- and block-lists apply, as in Clerk, and not
   * at all with `allowlist_blocklist_disabled_on_sign_in`; the email rules are sign-up's.
   */
  options: { signIn?: boolean } = {},
): Promise<void> {
  const emails = (ids.emails ?? []).map((e) => e.toLowerCase());
  const entries = [
    ...emails.map((e) => ({ param: 'email_address', value: e, keys: [e, domainWildcardKey(e)] })),
    ...(ids.phones ?? []).map((p) => ({ param: 'phone_number', value: p, keys: [p] })),
    ...(ids.wallets ?? []).map((w) => ({ param: 'web3_wallet', value: w, keys: [w] })),
  ];
  if (entries.length === 0) return;
  const settings = settingsOf(await findRestrictions(db, instanceId));
  const signIn = options.signIn === true;
  if (signIn && settings.allowlist_blocklist_disabled_on_sign_in) return;

  if (!signIn && settings.block_email_subaddresses) {
    const local = (email: string) => email.slice(0, email.lastIndexOf('@'));
    fail(
      emails
        .filter((e) => SUBADDRESS.test(local(e)))
        .map(() => apiErrors.emailSubaddressNotAllowed('email_address')),
    );
  }
  if (!signIn && settings.block_disposable_email_domains) {
    const disposable = await Promise.all(emails.map(isDisposableEmail));
    fail(
      emails
        .filter((_, i) => disposable[i])
        .map((e) => apiErrors.disposableEmailNotAllowed('email_address', e)),
    );
  }
  const keys = [...new Set(entries.flatMap((entry) => entry.keys))];
  if (settings.blocklist) {
    const blocked = await findListedKeys(db, 'blocklist_identifiers', instanceId, keys);
    fail(
      entries
        .filter((entry) => entry.keys.some((key) => blocked.has(key)))
        .map((entry) => apiErrors.identifierNotAllowed(entry.param, entry.value)),
    );
  }
  if (settings.allowlist) {
    const allowed = await findListedKeys(db, 'allowlist_identifiers', instanceId, keys);
    fail(
      entries
        .filter((entry) => !entry.keys.some((key) => allowed.has(key)))
        .map((entry) => apiErrors.identifierNotAllowed(entry.param, entry.value)),
    );
  }
}

function fail(errors: ClerkApiError[]): void {
  if (errors.length > 0) throw ClerkApiError.combine(errors);
}
