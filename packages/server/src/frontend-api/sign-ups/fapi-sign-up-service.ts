import type { Updateable } from 'kysely';
import type { SignUpsTable } from '../../db/schema.js';
import { apiErrors } from '../../errors/api-errors.js';
import { runWrite } from '../../platform/write.js';
import {
  findSignUpRow,
  insertNewSignUp,
  lockSignUpInProgress,
  signUpRowToApi,
  signUpStatusOf,
  type SignUp,
  type SignUpRow,
} from '../../sign-ups/sign-up-service.js';
import {
  attachSignUp,
  ensureClient,
  optionalFormString,
  requireFormString,
  type FapiContext,
  type FormFields,
} from '../fapi-context.js';
import { completeIfReady } from './sign-up-completion.js';
import { readSignUpChanges, type SignUpChanges } from './sign-up-input.js';
import { readSignUpRequirements } from './sign-up-requirements.js';
import { resetVerification, verificationsOf } from './sign-up-state.js';
import { invitedAddress, redeemInvitation, TICKET_VERIFIED } from './sign-up-ticket.js';
import { deleteFlowCodes, writeState } from './sign-up-writes.js';

/** Sign-up strategies the browser may name at create (else: fields, then codes). */
const CREATE_STRATEGIES: readonly string[] = ['ticket'];

/** The client's current sign-up for the client serializer; null when gone or abandoned. */
export async function readClientSignUp(ctx: FapiContext, id: string): Promise<SignUp | null> {
  const row = await findSignUpRow(ctx.scope, id);
  if (!row) return null;
  const now = ctx.scope.clock.now();
  return signUpStatusOf(row, now) === 'abandoned' ? null : signUpRowToApi(row, now);
}

/** The sign-up `id` of the request's client: another client's, or an abandoned one, is 404. */
export async function findOwnSignUp(ctx: FapiContext, id: string): Promise<SignUpRow> {
  const row = await findSignUpRow(ctx.scope, id);
  if (
    !row ||
    !ctx.client ||
    row.client_id !== ctx.client.id ||
    signUpStatusOf(row, ctx.scope.clock.now()) === 'abandoned'
  ) {
    throw apiErrors.notFound('sign_up', id);
  }
  return row;
}

export function renderSignUp(ctx: FapiContext, row: SignUpRow): SignUp {
  return signUpRowToApi(row, ctx.scope.clock.now());
}

/** The row's columns a change sets (undefined: not sent). */
function columnsOf(changes: SignUpChanges): Updateable<SignUpsTable> {
  const patch: Updateable<SignUpsTable> = {};
  if (changes.emailAddress !== undefined) patch.email_address = changes.emailAddress;
  if (changes.phoneNumber !== undefined) patch.phone_number = changes.phoneNumber;
  if (changes.username !== undefined) patch.username = changes.username;
  if (changes.firstName !== undefined) patch.first_name = changes.firstName;
  if (changes.lastName !== undefined) patch.last_name = changes.lastName;
  if (changes.locale !== undefined) patch.locale = changes.locale;
  if (changes.legalAcceptedAt !== undefined) patch.legal_accepted_at = changes.legalAcceptedAt;
  if (changes.unsafeMetadata !== undefined) {
    patch.unsafe_metadata = JSON.stringify(changes.unsafeMetadata);
  }
  if (changes.password !== undefined) {
    patch.password_digest = changes.password?.digest ?? null;
    patch.password_hasher = changes.password?.hasher ?? null;
  }
  return patch;
}

/**
 * `POST /v1/client/sign_ups`: a new sign-up on the request's client (made if it has none),
 * replacing the client's current one. Its required and optional fields come from the
 * instance's settings; the given email address or phone number waits for its code. One that
 * needs nothing more (a username and password, say) completes at once. With
 * `strategy=ticket` an invitation's ticket is redeemed in the same write: the invited
 * address is the sign-up's, verified by the ticket, with the invitation's public metadata.
 */
export async function createFapiSignUp(ctx: FapiContext, body: FormFields): Promise<SignUpRow> {
  const strategy = optionalFormString(body, 'strategy');
  if (strategy && !CREATE_STRATEGIES.includes(strategy)) {
    throw apiErrors.strategyUnsupported(strategy, CREATE_STRATEGIES.join(', '));
  }
  const ticket = strategy === 'ticket' ? requireFormString(body, 'ticket') : undefined;
  const invited = ticket === undefined ? undefined : await invitedAddress(ctx, ticket, body);
  const fields = invited === undefined ? body : { ...body, email_address: invited };
  const rules = await readSignUpRequirements(ctx.scope.db, ctx.scope.instanceId);
  const changes = await readSignUpChanges(ctx.scope, fields, rules);
  const row = await runWrite(ctx.scope, async (tx) => {
    const clientId = await ensureClient(ctx, tx);
    const invitation =
      ticket === undefined ? undefined : await redeemInvitation(tx, ticket, invited!);
    const inserted = await insertNewSignUp(tx, {
      clientId,
      requiredFields: rules.required,
      optionalFields: rules.optional,
      emailAddress: changes.emailAddress ?? null,
      phoneNumber: changes.phoneNumber ?? null,
      username: changes.username ?? null,
      firstName: changes.firstName ?? null,
      lastName: changes.lastName ?? null,
      password: changes.password ?? null,
      unsafeMetadata: changes.unsafeMetadata ?? {},
      publicMetadata: invitation?.publicMetadata ?? {},
      locale: changes.locale ?? null,
      legalAcceptedAt: changes.legalAcceptedAt ?? null,
    });
    await attachSignUp(ctx, tx, inserted.id);
    if (!invitation) return inserted;
    const verifications = { ...verificationsOf(inserted), email_address: TICKET_VERIFIED };
    return writeState(tx, { ...inserted, verifications: JSON.stringify(verifications) }, {});
  });
  return completeIfReady(ctx, row);
}

/**
 * `PATCH /v1/client/sign_ups/{id}`: sets the fields sent, with the checks of create. A
 * changed email address or phone number must be verified again (its pending code is void).
 */
export async function updateFapiSignUp(
  ctx: FapiContext,
  id: string,
  body: FormFields,
): Promise<SignUpRow> {
  await findOwnSignUp(ctx, id);
  const rules = await readSignUpRequirements(ctx.scope.db, ctx.scope.instanceId);
  const changes = await readSignUpChanges(ctx.scope, body, rules);
  const row = await runWrite(ctx.scope, async (tx) => {
    const locked = await lockSignUpInProgress(tx, id);
    const patch = columnsOf(changes);
    const next = { ...locked, ...patch } as SignUpRow;
    let verifications = verificationsOf(locked);
    for (const field of ['email_address', 'phone_number'] as const) {
      if (patch[field] === undefined || patch[field] === locked[field]) continue;
      verifications = resetVerification(verifications, field, next[field] !== null);
      await deleteFlowCodes(tx, id, field);
    }
    return writeState(tx, { ...next, verifications: JSON.stringify(verifications) }, patch);
  });
  return completeIfReady(ctx, row);
}
