import { apiErrors } from '../errors/api-errors.js';
import { registerUniqueIndexes } from '../platform/unique-violations.js';

/**
 * A name names one template per instance (tokens are asked for by name). The service looks
 * first; this answers a concurrent write that took the name between the look and the write.
 */
registerUniqueIndexes([
  {
    name: 'jwt_templates_name',
    table: 'jwt_templates',
    columns: ['instance_id', 'name'],
    error: () => apiErrors.jwtTemplateNameTaken('as sent'),
  },
]);
