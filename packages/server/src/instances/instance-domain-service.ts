import type { Kysely } from 'kysely';
import type { Db } from '../db/schema.js';
import { apiErrors } from '../errors/api-errors.js';
import type { WriteTx } from '../platform/write.js';
import {
  findInstanceHost,
  isFrontendApiTaken,
  lockInstanceHost,
  updateInstanceHost,
} from './instance-domain-store.js';
import { publishableKeyFor } from './secret-keys.js';

export type { InstanceHostRow } from './instance-domain-store.js';

/** The instance's Frontend API host as stored (the scope's copy may be up to 10 s old). */
export async function readInstanceHost(db: Kysely<Db>, instanceId: string) {
  const host = await findInstanceHost(db, instanceId);
  if (!host) throw apiErrors.notFound('instance', instanceId);
  return host;
}

/**
 * Inside a write: locks the instance's row and answers its host as stored, so writes that
 * depend on the instance's domains (adding a satellite, moving the primary) run in turn.
 */
export async function lockInstanceDomain(tx: WriteTx) {
  const host = await lockInstanceHost(tx.db, tx.dialect, tx.instanceId);
  if (!host) throw apiErrors.notFound('instance', tx.instanceId);
  return { ...host, primaryName: primaryDomainName(host) };
}

/**
 * Inside a write: moves a production instance to `domain`. Its Frontend API becomes
 * `clerk.<domain>` and its publishable key (`pk_live_…`) encodes that host. A development
 * instance is refused (its Frontend API host is not under its own domain).
 */
export async function writeInstanceDomain(tx: WriteTx, domain: string): Promise<void> {
  const current = await lockInstanceDomain(tx);
  if (current.environment !== 'production') throw apiErrors.productionInstanceRequired();
  const frontendApi = `clerk.${domain}`;
  // One Frontend API host is one instance: another instance's domain cannot be taken over.
  if (await isFrontendApiTaken(tx.db, tx.instanceId, frontendApi)) {
    throw apiErrors.domainExists(domain);
  }
  await updateInstanceHost(
    tx.db,
    tx.instanceId,
    { frontend_api: frontendApi, publishable_key: publishableKeyFor(frontendApi, 'live') },
    tx.now,
  );
}

/** The primary domain's name: a production Frontend API host without its `clerk.` label. */
export function primaryDomainName(host: {
  frontend_api: string;
  environment: 'development' | 'production';
}): string {
  const api = host.frontend_api;
  return host.environment === 'production' && api.startsWith('clerk.') ? api.slice(6) : api;
}
