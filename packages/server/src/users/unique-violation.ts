import { ClerkApiError } from '../errors/clerk-api-error.js';

/** Which parameter each unique index guards. */
const INDEX_PARAMS: [RegExp, string][] = [
  [/email_addresses(_unique|\.instance_id, email_addresses\.email_lower)/, 'email_address'],
  [/phone_numbers(_unique|\.instance_id, phone_numbers\.phone_number)/, 'phone_number'],
  [/web3_wallets(_unique|\.instance_id, web3_wallets\.wallet_lower)/, 'web3_wallet'],
  [/users(_username|\.instance_id, users\.username_lower)/, 'username'],
  [/users(_external_id|\.instance_id, users\.external_id)/, 'external_id'],
];

/**
 * A unique-index violation from either dialect (a concurrent writer took the identifier
 * between our check and our insert) as `form_identifier_exists`; anything else unchanged.
 */
export function translateUniqueViolation(error: unknown): unknown {
  const e = error as { code?: string; constraint?: string; message?: string };
  const isUnique = e.code === '23505' || e.code === 'SQLITE_CONSTRAINT_UNIQUE';
  if (!isUnique) return error;
  const text = `${e.constraint ?? ''} ${e.message ?? ''}`;
  const param = INDEX_PARAMS.find(([re]) => re.test(text))?.[1];
  if (!param) return error;
  return new ClerkApiError(422, [
    {
      code: 'form_identifier_exists',
      message: 'That identifier is taken. Please try another.',
      longMessage: `That ${param.replace(/_/g, ' ')} is taken. Please try another.`,
      meta: { param_name: param },
    },
  ]);
}
