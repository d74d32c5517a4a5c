import type { RequestBody } from '@castellan/contract';
import { apiErrors } from '../errors/api-errors.js';
import { lockInstanceDomain, writeInstanceDomain } from '../instances/instance-domain-service.js';
import { patchSection } from '../instances/instance-settings-service.js';
import type { Scope } from '../platform/scope.js';
import { runWrite, type WriteTx } from '../platform/write.js';
import { readDomainView, type DomainView } from './domain-context.js';
import { primaryDomainId, type Domain } from './domain-mapper.js';
import { domainOfHomeUrl, parseDomainName } from './domain-names.js';
import { proxyUrlOf, readDomain } from './domain-service.js';
import { findDomainByName, findDomainRow, updateDomainRow } from './domain-store.js';
import './domain-unique-indexes.js';

/**
 * Refuses a name another domain of the instance (primary or satellite) already has. Locks
 * the instance's row first, so renames and adds of one instance run in turn.
 */
async function assertNameFree(tx: WriteTx, name: string, selfId: string): Promise<string> {
  const { primaryName } = await lockInstanceDomain(tx);
  const primaryTaken = name === primaryName && selfId !== primaryDomainId(tx.instanceId);
  const satellite = await findDomainByName(tx.db, tx.instanceId, name);
  if (primaryTaken || (satellite && satellite.id !== selfId)) throw apiErrors.domainExists(name);
  return primaryName;
}

/** Moves a production instance's primary domain (its Frontend API host and publishable key). */
async function movePrimary(tx: WriteTx, view: DomainView, name: string): Promise<void> {
  if (view.ctx.environment !== 'production') throw apiErrors.productionInstanceRequired();
  const current = await assertNameFree(tx, name, primaryDomainId(tx.instanceId));
  if (name !== current) await writeInstanceDomain(tx, name);
}

/**
 * `PATCH /v1/domains/{id}`: a satellite's name, proxy URL and secondary flag; the primary's
 * proxy URL and secondary flag, and (production only) its name, which moves the instance's
 * Frontend API. `null` clears `proxy_url` and keeps the others.
 */
export async function updateDomain(
  scope: Scope,
  domainId: string,
  input: RequestBody<'UpdateDomain'>,
): Promise<Domain> {
  const view = await readDomainView(scope);
  const env = view.ctx.environment;
  const name =
    typeof input.name === 'string' ? parseDomainName('name', input.name, env) : undefined;
  const proxyUrl = proxyUrlOf(view, input.proxy_url);
  const isSecondary = input.is_secondary ?? undefined;
  const primary = domainId === primaryDomainId(scope.instanceId);
  await runWrite(scope, async (tx) => {
    if (primary) {
      if (name !== undefined) await movePrimary(tx, view, name);
      await patchSection(tx, 'primary_domain', { proxy_url: proxyUrl, is_secondary: isSecondary });
      return;
    }
    if (!(await findDomainRow(tx.db, tx.instanceId, domainId))) {
      throw apiErrors.notFound('domain', domainId);
    }
    if (name !== undefined) await assertNameFree(tx, name, domainId);
    await updateDomainRow(tx.db, tx.instanceId, domainId, {
      ...(name !== undefined ? { name, name_key: name } : {}),
      ...(proxyUrl !== undefined ? { proxy_url: proxyUrl } : {}),
      ...(isSecondary !== undefined ? { is_secondary: isSecondary } : {}),
      updated_at: tx.now,
    });
  });
  return readDomain(scope, domainId);
}

/**
 * `POST /v1/instance/change_domain` (and the deprecated `PUT /v1/beta_features/domain`):
 * a production instance moves to the domain of `home_url`; 202 with no body.
 */
export async function changeProductionInstanceDomain(
  scope: Scope,
  input: RequestBody<'ChangeProductionInstanceDomain'>,
): Promise<undefined> {
  if (scope.instance.environment !== 'production') throw apiErrors.productionInstanceRequired();
  if (input.home_url === undefined) throw apiErrors.paramMissing('home_url');
  const name = domainOfHomeUrl(input.home_url, input.is_secondary === true);
  const view = await readDomainView(scope);
  await runWrite(scope, async (tx) => {
    await movePrimary(tx, view, name);
    if (input.is_secondary !== undefined) {
      await patchSection(tx, 'primary_domain', { is_secondary: input.is_secondary });
    }
  });
  return undefined;
}
