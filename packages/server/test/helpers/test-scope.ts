import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../src/platform/clock.js';
import type { Scope, ScopeInstance } from '../../src/platform/scope.js';

/**
 * A scope on one instance of a running test server, built from the server's own pieces
 * (database, secrets, files, message transport), for the service calls no API reaches yet
 * (passkeys, external accounts, instance settings).
 */
export function scopeOn(
  app: FastifyInstance,
  { instance, clock, baseUrl }: { instance: ScopeInstance; clock: Clock; baseUrl: string },
): Scope {
  const { database, secrets, files, transport } = app.castellan;
  return {
    db: database.db,
    dialect: database.adapter,
    secrets,
    clock,
    instanceId: instance.id,
    instance,
    request: undefined,
    files,
    transport,
    baseUrl,
  };
}
