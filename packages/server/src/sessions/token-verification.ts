import { apiErrors } from '../errors/api-errors.js';
import { getJwks } from '../instances/instance-service.js';
import { type Scope, tokenIssuer } from '../platform/scope.js';
import { decodeJwt, verifyRs256 } from './jwt.js';

/** The clock skew `@clerk/backend` allows when it checks `exp` and `nbf`. */
const CLOCK_SKEW_SECONDS = 5;

/**
 * The claims of `token` if it is an RS256 JWT signed by one of the instance's signing keys
 * (its `kid`, still in the JWKS) and issued by this instance (`iss`); with `checkExpiry`
 * also within its `nbf`–`exp`. Anything else is a 401 `token_invalid` saying why.
 */
export async function verifyInstanceJwt(
  scope: Scope,
  token: string,
  options: { now: number; checkExpiry: boolean },
): Promise<Record<string, unknown>> {
  const jwt = decodeJwt(token);
  if (!jwt) throw apiErrors.tokenInvalid('The token is not a JWT.');
  const jwk = (await getJwks(scope.db, scope.instanceId)).keys.find(
    (key) => key.kid === jwt.header.kid,
  );
  if (!jwk || !verifyRs256(jwt, jwk)) {
    throw apiErrors.tokenInvalid('The token is not signed by a key of this instance.');
  }
  const claims = jwt.payload;
  if (claims.iss !== tokenIssuer(scope.instance)) {
    throw apiErrors.tokenInvalid('The token was not issued by this instance.');
  }
  if (options.checkExpiry) {
    const seconds = options.now / 1000;
    if (typeof claims.exp !== 'number' || claims.exp + CLOCK_SKEW_SECONDS <= seconds) {
      throw apiErrors.tokenInvalid('The token has expired.');
    }
    if (typeof claims.nbf === 'number' && claims.nbf - CLOCK_SKEW_SECONDS > seconds) {
      throw apiErrors.tokenInvalid('The token is not valid yet.');
    }
  }
  return claims;
}
