import { currentSigningKey } from '../instances/signing-key-service.js';
import { type Scope, tokenIssuer } from '../platform/scope.js';
import { signRs256 } from './jwt.js';
import { factorVerificationAge } from './session-mapper.js';
import { organizationClaims, type ActiveOrganization } from './session-organization.js';
import { sessionStatusAt } from './session-status.js';
import type { SessionRow } from './session-store.js';

/** Clerk's tokens are valid from a few seconds before they are issued, for clock skew. */
const NOT_BEFORE_SKEW_SECONDS = 10;

export interface SessionTokenOptions {
  /** Milliseconds: the token's `iat`. */
  now: number;
  lifetimeSeconds: number;
  /** The origin the token was minted for (`azp`), when known (the Frontend API knows it). */
  azp?: string | undefined;
  /** The session's active organization, when it has one. */
  organization?: ActiveOrganization | null | undefined;
}

/**
 * The claims of Clerk's v2 session token for a session: `sub` (user), `sid`, `iss` (the
 * instance's Frontend API URL), `iat`, `nbf`, `exp`, `azp` when known, `v: 2`, `fva`, `sts`
 * (the session's status), the organization claims `o`/`fea` and `act` (impersonation).
 */
export function sessionTokenClaims(
  scope: Pick<Scope, 'instance'>,
  row: SessionRow,
  options: SessionTokenOptions,
): Record<string, unknown> {
  const iat = Math.floor(options.now / 1000);
  const actor = row.actor === null ? null : parseActor(row.actor);
  return {
    ...(options.azp ? { azp: options.azp } : {}),
    exp: iat + options.lifetimeSeconds,
    fva: factorVerificationAge(row, options.now),
    iat,
    iss: tokenIssuer(scope.instance),
    nbf: iat - NOT_BEFORE_SKEW_SECONDS,
    sid: row.id,
    sts: sessionStatusAt(row, options.now),
    sub: row.user_id,
    v: 2,
    ...(options.organization ? organizationClaims(options.organization) : {}),
    ...(actor ? { act: actor } : {}),
  };
}

function parseActor(value: unknown): Record<string, unknown> | null {
  return (typeof value === 'string' ? JSON.parse(value) : value) as Record<string, unknown> | null;
}

/** A session token signed RS256 with the instance's current key (`kid` in the header). */
export async function signSessionToken(
  scope: Scope,
  row: SessionRow,
  options: SessionTokenOptions,
): Promise<string> {
  const key = await currentSigningKey(scope);
  return signRs256(key.kid, key.privateKey, sessionTokenClaims(scope, row, options));
}
