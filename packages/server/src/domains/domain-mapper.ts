import type { SuccessBody } from '@castellan/contract';
import type { DomainRow } from './domain-store.js';

export type Domain = SuccessBody<'AddDomain'>;

/** What a domain's URLs derive from besides its own row. */
export interface DomainContext {
  environment: 'development' | 'production';
  /** The instance's Frontend API host, as stored now. */
  frontendApi: string;
  /** Where this server is reached (its host is the CNAME target of a production domain). */
  serverHost: string;
  developmentOrigin: string | null;
}

/** The primary domain has no row: its ID derives from the instance's. */
export function primaryDomainId(instanceId: string): string {
  return `dmn_${instanceId.replace(/^ins_/, '')}`;
}

/**
 * A production domain served without a proxy points `clerk.<domain>` at this server; a
 * proxied one (or any development domain) needs no DNS record from us.
 */
function cnameTargetsOf(ctx: DomainContext, fapiHost: string, proxied: boolean) {
  if (ctx.environment !== 'production' || proxied) return null;
  return [{ host: fapiHost, value: ctx.serverHost, required: true }];
}

export function primaryDomainOf(
  instanceId: string,
  name: string,
  proxyUrl: string | null,
  ctx: DomainContext,
): Domain {
  return {
    object: 'domain',
    id: primaryDomainId(instanceId),
    name,
    is_satellite: false,
    frontend_api_url: proxyUrl ?? `https://${ctx.frontendApi}`,
    // Castellan serves no Account Portal (docs/behaviour.md).
    accounts_portal_url: null,
    proxy_url: proxyUrl,
    development_origin: ctx.developmentOrigin ?? '',
    cname_targets: cnameTargetsOf(ctx, ctx.frontendApi, proxyUrl !== null),
  };
}

/**
 * A satellite: in production its Frontend API is `clerk.<name>` (or its proxy); in
 * development satellites share the primary's Frontend API, as Clerk's do.
 */
export function satelliteDomainOf(row: DomainRow, ctx: DomainContext): Domain {
  const production = ctx.environment === 'production';
  const fapiHost = production ? `clerk.${row.name}` : ctx.frontendApi;
  return {
    object: 'domain',
    id: row.id,
    name: row.name,
    is_satellite: true,
    frontend_api_url: row.proxy_url ?? `https://${fapiHost}`,
    accounts_portal_url: null,
    proxy_url: row.proxy_url,
    development_origin: '',
    cname_targets: cnameTargetsOf(ctx, fapiHost, row.proxy_url !== null),
  };
}
