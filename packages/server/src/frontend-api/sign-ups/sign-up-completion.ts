import { parseJson } from '../../db/values.js';
import { completeSignUp, findSignUpRow, type SignUpRow } from '../../sign-ups/sign-up-service.js';
import { createUser } from '../../users/user-service.js';
import { startClientSession, type FapiContext } from '../fapi-context.js';
import { isReady } from './sign-up-state.js';

/**
 * Completes a sign-up with nothing missing or unverified, in one write: the user is created
 * through the users service (CreateUser's identifier rules, restrictions and uniqueness,
 * with the password already checked against the policy and hashed at sign-up), a session
 * starts on the client, and the sign-up records both. If any of it fails nothing is
 * written and the sign-up stays in progress. A sign-up not ready is returned as it is.
 */
export async function completeIfReady(ctx: FapiContext, row: SignUpRow): Promise<SignUpRow> {
  if (!isReady(row)) return row;
  const strategy = row.email_address ? 'email_code' : row.phone_number ? 'phone_code' : 'password';
  await createUser(
    ctx.scope,
    {
      ...(row.email_address ? { email_address: [row.email_address] } : {}),
      ...(row.phone_number ? { phone_number: [row.phone_number] } : {}),
      ...(row.username ? { username: row.username } : {}),
      ...(row.password_digest && row.password_hasher
        ? { password_digest: row.password_digest, password_hasher: row.password_hasher }
        : { skip_password_requirement: true }),
      ...(row.first_name ? { first_name: row.first_name } : {}),
      ...(row.last_name ? { last_name: row.last_name } : {}),
      ...(row.external_id ? { external_id: row.external_id } : {}),
      ...(row.locale ? { locale: row.locale } : {}),
      ...(row.legal_accepted_at !== null
        ? { legal_accepted_at: new Date(Number(row.legal_accepted_at)).toISOString() }
        : {}),
      unsafe_metadata: parseJson<Record<string, unknown>>(row.unsafe_metadata),
      public_metadata: parseJson<Record<string, unknown>>(row.public_metadata),
    },
    async (tx, user) => {
      const { sessionId } = await startClientSession(ctx, tx, { userId: user.id, strategy });
      await completeSignUp(tx, row.id, { userId: user.id, sessionId });
    },
  );
  return (await findSignUpRow(ctx.scope, row.id)) ?? row;
}
