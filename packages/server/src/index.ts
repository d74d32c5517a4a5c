export { createServer, type CreateServerOptions } from './app.js';
export { openDatabase, type Database, type DatabaseOptions } from './db/database.js';
export { migrateToLatest } from './db/migrate.js';
export { ClerkApiError } from './errors/clerk-api-error.js';
