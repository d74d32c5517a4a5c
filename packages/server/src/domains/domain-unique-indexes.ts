import { apiErrors } from '../errors/api-errors.js';
import { registerUniqueIndexes } from '../platform/unique-violations.js';

/**
 * A domain name is used once per instance. The service looks first; this answers a
 * concurrent request that added the same name between the look and the insert.
 */
registerUniqueIndexes([
  {
    name: 'domains_name_key',
    table: 'domains',
    columns: ['instance_id', 'name_key'],
    error: () => apiErrors.domainExists('sent'),
  },
]);
