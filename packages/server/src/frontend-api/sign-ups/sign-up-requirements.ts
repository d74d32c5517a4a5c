import type { Kysely } from 'kysely';
import type { Db } from '../../db/schema.js';
import {
  IDENTIFIERS,
  readUserRules,
  type IdentifierSettings,
  type PasswordSettings,
} from '../../instances/instance-config.js';
import type { SignUpField } from '../../sign-ups/sign-up-service.js';

/** What a sign-up asks for, from the same settings CreateUser obeys. */
export interface SignUpRequirements {
  required: SignUpField[];
  optional: SignUpField[];
  /** Fields the instance has off: sending one is refused. */
  off: SignUpField[];
  identifiers: IdentifierSettings;
  password: PasswordSettings;
}

/** The identifiers a browser sign-up can verify or set (web3 wallets are not served). */
const SIGN_UP_IDENTIFIERS = ['email_address', 'phone_number', 'username'] as const;

/**
 * The instance's sign-up fields. Each identifier is required, optional or off as
 * configured; the password is required when the instance requires one. A user needs at
 * least one identifier, so when none is required the first the instance allows (email
 * address, then phone number, then username) is: the form asks for exactly what a
 * completed sign-up must have. First and last name are optional. The environment
 * (`user_settings`) is derived from this too, so the form and the rules cannot disagree.
 */
export function signUpRequirementsOf(rules: {
  identifiers: IdentifierSettings;
  password: PasswordSettings;
}): SignUpRequirements {
  const modes = { ...rules.identifiers };
  if (!IDENTIFIERS.some((id) => modes[id] === 'required')) {
    const first = SIGN_UP_IDENTIFIERS.find((id) => modes[id] !== 'off');
    if (first) modes[first] = 'required';
  }
  const required: SignUpField[] = [];
  const optional: SignUpField[] = [];
  const off: SignUpField[] = [];
  for (const id of IDENTIFIERS) {
    const list = modes[id] === 'required' ? required : modes[id] === 'optional' ? optional : off;
    list.push(id);
  }
  (rules.password.required ? required : optional).push('password');
  optional.push('first_name', 'last_name');
  return { required, optional, off, identifiers: modes, password: rules.password };
}

export async function readSignUpRequirements(
  db: Kysely<Db>,
  instanceId: string,
): Promise<SignUpRequirements> {
  return signUpRequirementsOf(await readUserRules(db, instanceId));
}
