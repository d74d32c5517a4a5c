import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import type { Db } from '../db/schema.js';
import { apiErrors } from '../errors/api-errors.js';
import { getJwks } from '../instances/instance-service.js';
import { SUPPORTED_SCOPES } from './oauth-application-input.js';
import { instanceExists } from './oauth-application-store.js';
import {
  DISCOVERY_PATH,
  JWKS_PATH,
  OAUTH_PATH_PREFIX,
  oauthProviderUrls,
} from './oauth-provider-urls.js';

/**
 * The OpenID Provider configuration (OpenID Connect Discovery 1.0 §3) of an instance. The
 * endpoints it names other than the JWKS are not served yet: the authorization code flow
 * comes later (docs/oauth-applications.md).
 */
export function openIdConfiguration(baseUrl: string, instanceId: string) {
  const urls = oauthProviderUrls(baseUrl, instanceId);
  return {
    issuer: urls.issuer,
    authorization_endpoint: urls.authorize,
    token_endpoint: urls.token,
    userinfo_endpoint: urls.userInfo,
    jwks_uri: urls.jwks,
    introspection_endpoint: urls.introspection,
    revocation_endpoint: urls.revocation,
    scopes_supported: [...SUPPORTED_SCOPES],
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    code_challenge_methods_supported: ['S256'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    claims_supported: [
      'sub',
      'iss',
      'aud',
      'exp',
      'iat',
      'email',
      'email_verified',
      'name',
      'given_name',
      'family_name',
      'picture',
      'preferred_username',
    ],
  };
}

/** Public documents: any origin may read them; a key rotation shows within five minutes. */
function publicJson(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-type', 'application/json; charset=utf-8')
    .header('cache-control', 'public, max-age=300')
    .header('access-control-allow-origin', '*');
}

/**
 * Serves each instance's provider documents at `/oauth/{instance_id}/.well-known/…`, outside
 * `/v1` and without a secret key: OAuth clients and relying parties read them. The instance
 * is named by its ID in the path (the `discovery_url` of its applications); an unknown one is
 * a 404. `baseUrl` is the server's public origin, as in every URL of an answer.
 */
export function registerOAuthDiscoveryRoutes(
  app: FastifyInstance,
  { db, baseUrl }: { db: Kysely<Db>; baseUrl: () => string },
): void {
  type Params = { Params: { instance_id: string } };
  const requireInstance = async (instanceId: string) => {
    if (!(await instanceExists(db, instanceId))) throw apiErrors.notFound('instance', instanceId);
  };
  app.get<Params>(`${OAUTH_PATH_PREFIX}/:instance_id${DISCOVERY_PATH}`, async (request, reply) => {
    const instanceId = request.params.instance_id;
    await requireInstance(instanceId);
    return publicJson(reply).send(openIdConfiguration(baseUrl(), instanceId));
  });
  app.get<Params>(`${OAUTH_PATH_PREFIX}/:instance_id${JWKS_PATH}`, async (request, reply) => {
    const instanceId = request.params.instance_id;
    await requireInstance(instanceId);
    return publicJson(reply).send(await getJwks(db, instanceId));
  });
}
