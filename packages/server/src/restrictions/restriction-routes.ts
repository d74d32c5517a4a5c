import { defineRoutes } from '../platform/routes.js';
import {
  createAllowlistIdentifier,
  createBlocklistIdentifier,
  deleteListIdentifierById,
  listAllowlistIdentifiers,
  listBlocklistIdentifiers,
} from './identifier-list-service.js';
import { updateInstanceRestrictions } from './restriction-service.js';

/** The allow-list, the block-list and the instance's restrictions. */
export const restrictionRoutes = defineRoutes({
  ListAllowlistIdentifiers: ({ scope, query }) => listAllowlistIdentifiers(scope, query),
  CreateAllowlistIdentifier: ({ scope, body }) => createAllowlistIdentifier(scope, body),
  DeleteAllowlistIdentifier: ({ scope, params }) =>
    deleteListIdentifierById(scope, 'allowlist_identifiers', params.identifier_id),
  ListBlocklistIdentifiers: ({ scope }) => listBlocklistIdentifiers(scope),
  CreateBlocklistIdentifier: ({ scope, body }) => createBlocklistIdentifier(scope, body),
  DeleteBlocklistIdentifier: ({ scope, params }) =>
    deleteListIdentifierById(scope, 'blocklist_identifiers', params.identifier_id),
  UpdateInstanceRestrictions: ({ scope, body }) => updateInstanceRestrictions(scope, body),
});
