import { Castellan } from '../src/index.js';

// Logs each request and answer (method, URL, headers, body, time); the Authorization
// header and secret-looking fields are redacted. Any console-like object will do.
const castellan = new Castellan({
  bearerAuth: process.env.CLERK_SECRET_KEY,
  debugLogger: console,
});

await castellan.users.getUserList({ limit: 1 });
