import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { parseJson, toBool } from '../db/values.js';
import { apiErrors } from '../errors/api-errors.js';
import { currentSigningKey } from '../instances/signing-key-service.js';
import { type Scope, tokenIssuer } from '../platform/scope.js';
import { findJwtTemplateByName, type JwtTemplateRow } from './jwt-template-store.js';
import { compileClaims, renderClaims } from './template-claims.js';
import type { TemplateTokenSubject } from './template-shortcodes.js';
import { openSigningKey } from './template-signing-keys.js';

export type { TemplateTokenSubject } from './template-shortcodes.js';

/** The bounds the spec gives `expires_in_seconds` (and a template's `lifetime`). */
const MIN_LIFETIME = 30;
const MAX_LIFETIME = 315_360_000;

/** The key and header a template's tokens are signed with. */
async function signerOf(scope: Scope, template: JwtTemplateRow) {
  if (toBool(template.custom_signing_key) && template.signing_key !== null) {
    const key = openSigningKey(scope.secrets, { ...template, signing_key: template.signing_key });
    return { key, header: { alg: template.signing_algorithm, typ: 'JWT' } };
  }
  const instanceKey = await currentSigningKey(scope);
  return {
    key: instanceKey.privateKey,
    header: { alg: instanceKey.algorithm, kid: instanceKey.kid, typ: 'JWT' },
  };
}

/**
 * A token from the template named `templateName` for `subject` (CreateSessionTokenFromTemplate).
 * Its claims are the template's, rendered for the subject, then the default claims Clerk puts
 * in every template token: `azp` (when known), `exp`, `iat`, `iss` (the instance's Frontend
 * API), `jti`, `nbf`, `sub`. No `sid`: Clerk's template tokens are not bound to a session.
 * `exp` is `iat` plus `expiresInSeconds`, or the template's lifetime; `nbf` is `iat` minus its
 * allowed clock skew. Signed with the template's custom key and algorithm when it has one,
 * else with the instance's key (RS256, `kid` in the header, verifiable from `GET /v1/jwks`).
 */
export async function createTemplateToken(
  scope: Scope,
  templateName: string,
  subject: TemplateTokenSubject,
  options: { expiresInSeconds?: number | null },
): Promise<{ object: 'token'; jwt: string }> {
  const template = await findJwtTemplateByName(scope.db, scope.instanceId, templateName);
  if (!template) throw apiErrors.jwtTemplateNameNotFound(templateName);
  const lifetime = options.expiresInSeconds ?? template.lifetime;
  if (!Number.isInteger(lifetime) || lifetime < MIN_LIFETIME || lifetime > MAX_LIFETIME) {
    throw apiErrors.paramValueInvalid(
      'expires_in_seconds',
      `must be an integer from ${MIN_LIFETIME} to ${MAX_LIFETIME}`,
    );
  }
  const claims = renderClaims(
    compileClaims(parseJson<Record<string, unknown>>(template.claims)),
    subject,
  );
  const iat = Math.floor(scope.clock.now() / 1000);
  const payload = {
    ...claims,
    ...(subject.azp === undefined ? {} : { azp: subject.azp }),
    exp: iat + lifetime,
    iat,
    iss: tokenIssuer(scope.instance),
    jti: randomBytes(10).toString('hex'),
    nbf: iat - template.allowed_clock_skew,
    sub: subject.user.id,
  };
  const { key, header } = await signerOf(scope, template);
  const jwt = await new SignJWT(payload).setProtectedHeader(header).sign(key);
  return { object: 'token', jwt };
}
