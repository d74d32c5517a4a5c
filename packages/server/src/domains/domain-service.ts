import type { RequestBody, SuccessBody } from '@castellan/contract';
import { apiErrors } from '../errors/api-errors.js';
import { lockInstanceDomain } from '../instances/instance-domain-service.js';
import { generateId } from '../ids/generate-id.js';
import type { Scope } from '../platform/scope.js';
import { runWrite } from '../platform/write.js';
import { readDomainView, type DomainView } from './domain-context.js';
import {
  primaryDomainId,
  primaryDomainOf,
  satelliteDomainOf,
  type Domain,
} from './domain-mapper.js';
import { parseDomainName, parseProxyUrl } from './domain-names.js';
import {
  countDomainRows,
  deleteDomainRow,
  findDomainByName,
  findDomainRow,
  insertDomainRow,
  listDomainRows,
} from './domain-store.js';
import './domain-unique-indexes.js';

/** Satellites an instance may hold: ListDomains answers them all, unpaginated. */
export const MAX_SATELLITES = 100;

function primaryOf(scope: Scope, view: DomainView): Domain {
  return primaryDomainOf(
    scope.instanceId,
    view.primaryName,
    view.sections.primary_domain.proxy_url,
    view.ctx,
  );
}

/**
 * `GET /v1/domains`: newest first, as Clerk documents it, so the satellites come first and
 * the primary domain (made with the instance, the oldest) last.
 */
export async function listDomains(scope: Scope): Promise<SuccessBody<'ListDomains'>> {
  const [view, rows] = await Promise.all([
    readDomainView(scope),
    listDomainRows(scope.db, scope.instanceId),
  ]);
  const data = [...rows.map((row) => satelliteDomainOf(row, view.ctx)), primaryOf(scope, view)];
  return { data, total_count: data.length };
}

/** One domain of the instance as ListDomains shows it, or `undefined`. */
export async function findDomain(scope: Scope, domainId: string): Promise<Domain | undefined> {
  const view = await readDomainView(scope);
  if (domainId === primaryDomainId(scope.instanceId)) return primaryOf(scope, view);
  const row = await findDomainRow(scope.db, scope.instanceId, domainId);
  return row && satelliteDomainOf(row, view.ctx);
}

/** The same; 404 for an unknown ID. */
export async function readDomain(scope: Scope, domainId: string): Promise<Domain> {
  const domain = await findDomain(scope, domainId);
  if (!domain) throw apiErrors.notFound('domain', domainId);
  return domain;
}

/** A proxy URL as sent: production instances only; `null` means none. */
export function proxyUrlOf(
  view: DomainView,
  raw: string | null | undefined,
): string | null | undefined {
  if (raw === undefined || raw === null) return raw;
  if (view.ctx.environment !== 'production') throw apiErrors.productionOnlyParam('proxy_url');
  return parseProxyUrl('proxy_url', raw, view.ctx.environment);
}

/** `POST /v1/domains`: a satellite domain (the only kind that can be added). */
export async function addDomain(scope: Scope, input: RequestBody<'AddDomain'>): Promise<Domain> {
  const view = await readDomainView(scope);
  const name = parseDomainName('name', input.name, view.ctx.environment);
  const proxyUrl = proxyUrlOf(view, input.proxy_url) ?? null;
  return runWrite(scope, async (tx) => {
    // Adds of one instance run in turn (its row is locked): the limit holds under concurrency.
    const { primaryName } = await lockInstanceDomain(tx);
    if (name === primaryName) throw apiErrors.domainExists(name);
    if (await findDomainByName(tx.db, tx.instanceId, name)) throw apiErrors.domainExists(name);
    if ((await countDomainRows(tx.db, tx.instanceId)) >= MAX_SATELLITES) {
      throw apiErrors.domainLimitReached(MAX_SATELLITES);
    }
    const row = {
      id: generateId('dmn', tx.now),
      instance_id: tx.instanceId,
      name,
      name_key: name,
      is_secondary: false,
      proxy_url: proxyUrl,
      created_at: tx.now,
      updated_at: tx.now,
    };
    await insertDomainRow(tx.db, row);
    return satelliteDomainOf(row, view.ctx);
  });
}

/** `DELETE /v1/domains/{id}`: satellites only; the primary answers 403. */
export async function deleteDomain(
  scope: Scope,
  domainId: string,
): Promise<SuccessBody<'DeleteDomain'>> {
  if (domainId === primaryDomainId(scope.instanceId)) throw apiErrors.primaryDomainDeletion();
  const deleted = await runWrite(scope, (tx) => deleteDomainRow(tx.db, tx.instanceId, domainId));
  if (!deleted) throw apiErrors.notFound('domain', domainId);
  return { object: 'domain', id: domainId, deleted: true };
}
