/**
 * Every column that holds sealed values, with its table's primary key (the row id in the
 * ciphertext's AAD). The key check and the startup re-sealing read this list: a new
 * secret column is added here and nowhere else.
 */
export const SEALED_COLUMNS = [
  { table: 'signing_keys', column: 'private_key_pem', key: 'kid' },
  { table: 'users', column: 'totp_secret', key: 'id' },
  { table: 'jwt_templates', column: 'signing_key', key: 'id' },
  { table: 'webhook_endpoints', column: 'secret', key: 'id' },
  { table: 'webhook_endpoints', column: 'previous_secret', key: 'id' },
  { table: 'enterprise_connections', column: 'oidc_client_secret', key: 'id' },
  { table: 'machines', column: 'secret_key', key: 'id' },
  { table: 'm2m_tokens', column: 'token', key: 'id' },
  { table: 'api_keys', column: 'secret', key: 'id' },
] as const;

export type SealedColumn = (typeof SEALED_COLUMNS)[number];
