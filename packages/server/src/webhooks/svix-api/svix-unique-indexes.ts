import { apiErrors } from '../../errors/api-errors.js';
import { registerUniqueIndexes } from '../../platform/unique-violations.js';

/**
 * An endpoint's `uid` is unique in its app (the T13 migration). The service checks first;
 * this answers a concurrent writer that took the uid between the check and the write.
 */
registerUniqueIndexes([
  {
    name: 'webhook_endpoints_uid',
    table: 'webhook_endpoints',
    columns: ['app_id', 'uid'],
    error: apiErrors.svixEndpointUidTaken,
  },
]);
