import { Castellan } from '../src/index.js';

// The instance's secret key, sent as `Authorization: Bearer …`.
const castellan = new Castellan({ bearerAuth: process.env.CLERK_SECRET_KEY });

// Or a function, called before each request: keys from a vault, rotated without a restart.
const rotating = new Castellan({
  bearerAuth: async () => (await fetch('http://vault.internal/clerk-key')).text(),
});

await castellan.users.getUsersCount();
await rotating.users.getUsersCount();
