import { apiErrors } from '../errors/api-errors.js';
import { registerUniqueIndexes } from '../platform/unique-violations.js';

/**
 * An identifier is on each list at most once per instance (see the restrictions migration).
 * The service looks first; these answer a concurrent request that added the same identifier
 * between the look and the insert.
 */
registerUniqueIndexes([
  {
    name: 'allowlist_identifiers_key',
    table: 'allowlist_identifiers',
    columns: ['instance_id', 'identifier_key'],
    error: () => apiErrors.allowlistIdentifierExists('sent'),
  },
  {
    name: 'blocklist_identifiers_key',
    table: 'blocklist_identifiers',
    columns: ['instance_id', 'identifier_key'],
    error: () => apiErrors.blocklistIdentifierExists('sent'),
  },
]);
