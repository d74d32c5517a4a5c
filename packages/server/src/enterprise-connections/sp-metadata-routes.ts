import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Db } from '../db/schema.js';
import { apiErrors } from '../errors/api-errors.js';
import { findSamlConnectionAnywhere } from './enterprise-connection-store.js';
import { spMetadataXml } from './sp-metadata.js';
import { SAML_PATH_PREFIX } from './sp-urls.js';

/**
 * Serves each SAML connection's SP metadata at `/saml/{saml_connection_id}/metadata`,
 * outside `/v1` and without a secret key: the IdP's administrator (or the IdP itself) reads
 * it. An unknown connection is a 404.
 */
export function registerSpMetadataRoutes(
  app: FastifyInstance,
  { db, baseUrl }: { db: Kysely<Db>; baseUrl: () => string },
): void {
  type Params = { Params: { saml_connection_id: string } };
  app.get<Params>(`${SAML_PATH_PREFIX}/:saml_connection_id/metadata`, async (request, reply) => {
    const id = request.params.saml_connection_id;
    if (!(await findSamlConnectionAnywhere(db, id)))
      throw apiErrors.notFound('saml connection', id);
    return reply
      .header('content-type', 'application/samlmetadata+xml; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .header('access-control-allow-origin', '*')
      .send(spMetadataXml(baseUrl(), id));
  });
}
