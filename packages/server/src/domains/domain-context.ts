import type { Kysely } from 'kysely';
import type { Db } from '../db/schema.js';
import { primaryDomainName, readInstanceHost } from '../instances/instance-domain-service.js';
import {
  readSettingsSections,
  type SettingsSections,
} from '../instances/instance-settings-service.js';
import type { Scope } from '../platform/scope.js';
import type { DomainContext } from './domain-mapper.js';

/** What every domain answer derives from: the instance's host and settings, read now. */
export interface DomainView {
  ctx: DomainContext;
  primaryName: string;
  sections: SettingsSections;
}

export async function readDomainView(scope: Scope, db: Kysely<Db> = scope.db): Promise<DomainView> {
  const [host, sections] = await Promise.all([
    readInstanceHost(db, scope.instanceId),
    readSettingsSections(db, scope.instanceId),
  ]);
  return {
    ctx: {
      environment: host.environment,
      frontendApi: host.frontend_api,
      serverHost: new URL(scope.baseUrl).host,
      developmentOrigin: sections.instance.development_origin,
    },
    primaryName: primaryDomainName(host),
    sections,
  };
}
