import type { Updateable } from 'kysely';
import { runWrite } from '../../platform/write.js';
import { acceptSignInToken } from '../../sign-in-tokens/sign-in-token-service.js';
import { startClientSession, type FapiContext } from '../fapi-context.js';
import type { SignInRow, SignInsTable } from './flow-tables.js';
import { insertClientSignIn } from './sign-in-service.js';
import { updateSignInRow } from './sign-in-store.js';

/**
 * `POST /v1/client/sign_ins` with `strategy=ticket`: redeems a sign-in token the Backend API
 * made (CreateSignInToken) and signs its user in, in one write: the token is accepted once
 * (`ticket_invalid` when unknown, used or revoked; `ticket_expired`), a sign-in completed by
 * the ticket is attached to the client and a session starts, with the token's organization
 * active. The ticket is the user's first factor and, as it is issued by the application's
 * backend, no second factor is asked. If anything fails the token stays unused.
 */
export async function signInWithTicket(ctx: FapiContext, ticket: string): Promise<SignInRow> {
  return runWrite(ctx.scope, async (tx) => {
    const accepted = await acceptSignInToken(tx, ticket);
    const row = await insertClientSignIn(ctx, tx, { identifier: null, userId: accepted.userId });
    const { sessionId } = await startClientSession(ctx, tx, {
      userId: accepted.userId,
      strategy: 'ticket',
      activeOrganizationId: accepted.organizationId,
    });
    const patch: Updateable<SignInsTable> = {
      status: 'complete',
      first_factor_verification: JSON.stringify({
        status: 'verified',
        strategy: 'ticket',
        attempts: null,
        expire_at: null,
      }),
      first_factor_verified_at: tx.now,
      created_session_id: sessionId,
      updated_at: tx.now,
    };
    await updateSignInRow(tx.db, tx.instanceId, row.id, patch);
    return { ...row, ...patch } as SignInRow;
  });
}
