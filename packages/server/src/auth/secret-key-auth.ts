import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ClerkApiError } from '../errors/clerk-api-error.js';
import type { Instance } from '../instances/instance-service.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The instance the request's secret key belongs to (set for every non-public route). */
    instance: Instance;
  }
  interface FastifyContextConfig {
    /** The spec marks the operation public: no secret key needed. */
    public?: boolean;
  }
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * `Authorization: Bearer <secret key>` resolves the instance; a missing or unknown key is a
 * 401 in the Clerk envelope. Registered inside the `/v1` scope only.
 */
export function registerSecretKeyAuth(
  app: FastifyInstance,
  resolveInstance: (secretKey: string) => Promise<Instance | undefined>,
): void {
  app.decorateRequest('instance', null as unknown as Instance);
  app.addHook('onRequest', async (request: FastifyRequest) => {
    if (request.routeOptions.config.public) return;
    const header = request.headers.authorization;
    if (!header) throw ClerkApiError.of('authorization_header_missing');
    const key = BEARER.exec(header)?.[1];
    const instance = key ? await resolveInstance(key) : undefined;
    if (!instance) throw ClerkApiError.of('authentication_invalid');
    request.instance = instance;
  });
}
