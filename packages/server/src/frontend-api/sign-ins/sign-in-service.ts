import { apiErrors } from '../../errors/api-errors.js';
import { ClerkApiError } from '../../errors/clerk-api-error.js';
import { generateId } from '../../ids/generate-id.js';
import { readIdentifierSettings } from '../../instances/instance-config.js';
import { runWrite, type WriteTx } from '../../platform/write.js';
import { assertIdentifiersAllowed } from '../../restrictions/restriction-service.js';
import { findUserByIdentifier, type IdentifierKind } from '../../users/user-lookup.js';
import type { User } from '../../users/user-mapper.js';
import { getUser } from '../../users/user-service.js';
import { attachSignIn, type FapiContext } from '../fapi-context.js';
import type { SignInRow } from './flow-tables.js';
import {
  SIGN_IN_ABANDON_AFTER_MS,
  signInRowToApi,
  signInStatusOf,
  type SignInJson,
} from './sign-in-mapper.js';
import { findSignInById, insertSignIn } from './sign-in-store.js';

const SIGN_IN_IDENTIFIERS: readonly IdentifierKind[] = [
  'email_address',
  'phone_number',
  'username',
];

/** The identifiers a person may sign in with: those the instance has on (web3 is not served). */
export async function signInIdentifiers(ctx: FapiContext): Promise<IdentifierKind[]> {
  const modes = await readIdentifierSettings(ctx.scope.db, ctx.scope.instanceId);
  return SIGN_IN_IDENTIFIERS.filter((kind) => modes[kind] !== 'off');
}

/** The sign-in as the API shows it, read after its write has committed. */
export async function renderSignIn(ctx: FapiContext, row: SignInRow): Promise<SignInJson> {
  const user = row.user_id ? await findUser(ctx, row.user_id) : undefined;
  return signInRowToApi(row, user, await signInIdentifiers(ctx), ctx.scope.clock.now());
}

async function findUser(ctx: FapiContext, userId: string): Promise<User | undefined> {
  try {
    return await getUser(ctx.scope, userId);
  } catch (error) {
    // Deleted since: the sign-in shows no factors (its next step answers not found).
    if (error instanceof ClerkApiError && error.status === 404) return undefined;
    throw error;
  }
}

/**
 * The client's current sign-in for the client serializer (`clientAttempts.signIn`): null
 * when it is gone or abandoned.
 */
export async function readClientSignIn(ctx: FapiContext, id: string): Promise<SignInJson | null> {
  const row = await findSignInById(ctx.scope.db, ctx.scope.instanceId, id);
  if (!row || signInStatusOf(row, ctx.scope.clock.now()) === 'abandoned') return null;
  return renderSignIn(ctx, row);
}

/**
 * The sign-in `id` of the request's client: another client's (or instance's), or one
 * abandoned, is not found, so a sign-in id reveals nothing to another browser.
 */
export async function findOwnSignIn(ctx: FapiContext, id: string): Promise<SignInRow> {
  const row = await findSignInById(ctx.scope.db, ctx.scope.instanceId, id);
  if (
    !row ||
    !ctx.client ||
    row.client_id !== ctx.client.id ||
    signInStatusOf(row, ctx.scope.clock.now()) === 'abandoned'
  ) {
    throw apiErrors.notFound('sign_in', id);
  }
  return row;
}

/** `GET /v1/client/sign_ins/{id}`. */
export async function getSignIn(ctx: FapiContext, id: string): Promise<SignInJson> {
  return renderSignIn(ctx, await findOwnSignIn(ctx, id));
}

/**
 * Who an identifier names; `form_identifier_not_found` as Clerk answers an unknown one. An
 * email address or phone number the instance's allow- or block-list keeps out is refused
 * (`not_allowed_access`), unless the lists are off for sign-in.
 */
export async function identify(ctx: FapiContext, identifier: string) {
  const holder = await findUserByIdentifier(ctx.scope, identifier, await signInIdentifiers(ctx));
  if (!holder) throw apiErrors.identifierNotFound();
  if (holder.kind !== 'username') {
    const key = holder.key;
    await assertIdentifiersAllowed(
      ctx.scope.db,
      ctx.scope.instanceId,
      holder.kind === 'email_address' ? { emails: [key] } : { phones: [key] },
      { signIn: true },
    );
  }
  return holder;
}

/**
 * A new sign-in on the request's client (made if the browser has none), replacing the
 * client's current one: `needs_identifier` without a user, else `needs_first_factor`.
 */
export async function openSignIn(
  ctx: FapiContext,
  identified: { identifier: string; userId: string } | null,
): Promise<SignInRow> {
  return runWrite(ctx.scope, (tx) => insertClientSignIn(ctx, tx, identified));
}

/** `openSignIn` inside the caller's write `tx`. */
export async function insertClientSignIn(
  ctx: FapiContext,
  tx: WriteTx,
  identified: { identifier: string | null; userId: string } | null,
): Promise<SignInRow> {
  const id = generateId('sia', tx.now);
  await attachSignIn(ctx, tx, id);
  const row = {
    id,
    instance_id: tx.instanceId,
    client_id: ctx.client!.id,
    user_id: identified?.userId ?? null,
    identifier: identified?.identifier ?? null,
    status: identified ? 'needs_first_factor' : 'needs_identifier',
    first_factor_verification: null,
    second_factor_verification: null,
    first_factor_verified_at: null,
    created_session_id: null,
    abandon_at: tx.now + SIGN_IN_ABANDON_AFTER_MS,
    created_at: tx.now,
    updated_at: tx.now,
  };
  await insertSignIn(tx.db, row);
  return row as SignInRow;
}
