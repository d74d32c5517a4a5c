import type { RequestBody, SuccessBody } from '@castellan/contract';
import { toBool } from '../db/values.js';
import { findDomain } from '../domains/domain-service.js';
import { parseProxyUrl } from '../domains/domain-names.js';
import { apiErrors } from '../errors/api-errors.js';
import { generateId } from '../ids/generate-id.js';
import type { OutboundOptions } from '../outbound/outbound-options.js';
import type { Scope } from '../platform/scope.js';
import { runWrite } from '../platform/write.js';
import { checkProxyHealth } from './proxy-health.js';
import { upsertProxyCheck, type ProxyCheckRow } from './proxy-check-store.js';

type ProxyCheck = SuccessBody<'VerifyDomainProxy'>;

function proxyCheckOf(row: ProxyCheckRow): ProxyCheck {
  return {
    object: 'proxy_check',
    id: row.id,
    domain_id: row.domain_id,
    last_run_at: row.last_run_at === null ? null : Number(row.last_run_at),
    proxy_url: row.proxy_url,
    successful: toBool(row.successful),
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
  };
}

/**
 * `POST /v1/proxy_checks`: checks, with a real request, that `proxy_url` relays the
 * Frontend API for the domain. The outcome is recorded either way (one row per domain and
 * URL); a working proxy answers the proxy check, a failing one the reason as an error.
 * Loopback addresses are reachable from development instances only; private ones only
 * when the server allows them (docs/behaviour.md).
 */
export async function verifyDomainProxy(
  scope: Scope,
  input: RequestBody<'VerifyDomainProxy'>,
  options: OutboundOptions,
): Promise<ProxyCheck> {
  if (input.domain_id === undefined) throw apiErrors.paramMissing('domain_id');
  if (input.proxy_url === undefined) throw apiErrors.paramMissing('proxy_url');
  const environment = scope.instance.environment;
  const proxyUrl = parseProxyUrl('proxy_url', input.proxy_url, environment);
  // The operation declares no 404: an unknown domain is a bad `domain_id`.
  const domain = await findDomain(scope, input.domain_id);
  if (!domain) {
    throw apiErrors.paramValueInvalid('domain_id', 'is not a domain of this instance');
  }
  const failure = await checkProxyHealth(
    proxyUrl,
    domain.id,
    {
      allowLoopback: environment === 'development',
      allowPrivate: options.allowPrivate === true,
      allowHosts: options.allowHosts ?? [],
    },
    options,
  );
  const row = await runWrite(scope, (tx) =>
    upsertProxyCheck(tx.db, {
      id: generateId('proxy', tx.now),
      instance_id: tx.instanceId,
      domain_id: domain.id,
      proxy_url: proxyUrl,
      successful: failure === undefined,
      last_run_at: tx.now,
      created_at: tx.now,
      updated_at: tx.now,
    }),
  );
  if (failure) throw failure;
  return proxyCheckOf(row);
}
