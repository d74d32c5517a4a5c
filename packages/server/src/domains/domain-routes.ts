import { defineRoutes } from '../platform/routes.js';
import { addDomain, deleteDomain, listDomains } from './domain-service.js';
import { changeProductionInstanceDomain, updateDomain } from './domain-update-service.js';

/** The instance's domains, and the beta change of a production instance's domain. */
export const domainRoutes = defineRoutes({
  ListDomains: ({ scope }) => listDomains(scope),
  AddDomain: ({ scope, body }) => addDomain(scope, body),
  UpdateDomain: ({ scope, params, body }) => updateDomain(scope, params.domain_id, body),
  DeleteDomain: ({ scope, params }) => deleteDomain(scope, params.domain_id),
  ChangeProductionInstanceDomain: ({ scope, body }) => changeProductionInstanceDomain(scope, body),
  UpdateProductionInstanceDomain: ({ scope, body }) => changeProductionInstanceDomain(scope, body),
});
