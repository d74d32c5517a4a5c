import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../db/database.js';
import { apiErrors } from '../errors/api-errors.js';
import type { FileStore } from '../files/file-store.js';
import type { Instance } from '../instances/instance-service.js';
import type { Clock } from '../platform/clock.js';
import type { MessageTransport } from '../platform/message-transport.js';
import type { Scope } from '../platform/scope.js';
import type { SecretBox } from '../secrets/secret-box.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller's instance scope (set for every non-public route). */
    scope: Scope;
  }
  interface FastifyContextConfig {
    /** The spec marks the operation public: no secret key needed. */
    public?: boolean;
    /** The contract operation the route serves. */
    operationId?: string;
    /** The path carries a secret (an admin portal link's token): logs show the route only. */
    secretPath?: boolean;
  }
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * `Authorization: Bearer <secret key>` resolves the instance, once per request, into the
 * request's scope; a missing or unknown key is a 401 in the Clerk envelope. Registered
 * inside the `/v1` scope only.
 */
export interface SecretKeyAuthOptions {
  database: Database;
  resolveInstance: (secretKey: string) => Promise<Instance | undefined>;
  secrets: SecretBox;
  clock: Clock;
  files: FileStore;
  /** The base URL of the URLs in answers, read per request (it is known once listening). */
  baseUrl: () => string;
  transport: MessageTransport;
  /**
   * Machine secret keys: accepted, instead of the instance's key, by `operations` alone
   * (the M2M token operations); `resolve` names the key's instance and machine.
   */
  machineKeys?: {
    operations: ReadonlySet<string>;
    resolve: (key: string) => Promise<{ instance: Instance; machineId: string } | undefined>;
  };
}

export function registerSecretKeyAuth(
  app: FastifyInstance,
  {
    database,
    resolveInstance,
    secrets,
    clock,
    files,
    transport,
    baseUrl,
    machineKeys,
  }: SecretKeyAuthOptions,
): void {
  app.decorateRequest('scope', null as unknown as Scope);
  app.addHook('onRequest', async (request: FastifyRequest) => {
    if (request.routeOptions.config.public) return;
    const header = request.headers.authorization;
    if (!header) throw apiErrors.authorizationHeaderMissing();
    const key = BEARER.exec(header)?.[1];
    let instance = key ? await resolveInstance(key) : undefined;
    let machine: { id: string } | undefined;
    const operationId = request.routeOptions.config.operationId;
    if (!instance && key && operationId && machineKeys?.operations.has(operationId)) {
      const owner = await machineKeys.resolve(key);
      if (owner) [instance, machine] = [owner.instance, { id: owner.machineId }];
    }
    if (!instance) throw apiErrors.authenticationInvalid();
    request.scope = {
      db: database.db,
      dialect: database.adapter,
      secrets,
      clock,
      instanceId: instance.id,
      instance,
      request: { clientIp: request.ip, userAgent: request.headers['user-agent'] ?? '' },
      files,
      baseUrl: baseUrl(),
      transport,
      machine,
    };
  });
}
