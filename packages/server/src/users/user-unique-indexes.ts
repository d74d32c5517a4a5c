import { apiErrors } from '../errors/api-errors.js';
import { registerUniqueIndexes } from '../platform/unique-violations.js';

/**
 * The unique indexes a user write can violate (see the initial migration), each answered
 * as the identifier it guards being taken. The service checks first, so these answer only
 * a concurrent writer that took the identifier between the check and the write.
 */
registerUniqueIndexes([
  {
    name: 'email_addresses_unique',
    table: 'email_addresses',
    columns: ['instance_id', 'email_lower'],
    error: apiErrors.emailTaken,
  },
  {
    name: 'phone_numbers_unique',
    table: 'phone_numbers',
    columns: ['instance_id', 'phone_number'],
    error: apiErrors.phoneTaken,
  },
  {
    name: 'web3_wallets_unique',
    table: 'web3_wallets',
    columns: ['instance_id', 'wallet_lower'],
    error: apiErrors.web3WalletTaken,
  },
  {
    name: 'users_username',
    table: 'users',
    columns: ['instance_id', 'username_lower'],
    error: apiErrors.usernameTaken,
  },
  {
    name: 'users_external_id',
    table: 'users',
    columns: ['instance_id', 'external_id'],
    error: apiErrors.externalIdTaken,
  },
]);
