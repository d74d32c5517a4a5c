import { Castellan, type RetryConfig } from '../src/index.js';

const patient: RetryConfig = {
  strategy: 'backoff',
  backoff: { initialInterval: 1, maxInterval: 50, exponent: 1.1, maxElapsedTime: 100 },
  retryConnectionErrors: false,
};

// For every call of this client…
const castellan = new Castellan({ bearerAuth: process.env.CLERK_SECRET_KEY, retryConfig: patient });

// …or for one call; `{ strategy: 'none' }` turns retries off.
await castellan.users.getUserList({ limit: 10 }, { retries: { strategy: 'none' } });

// POST and PATCH are retried only when asked, as they may then take effect twice.
await castellan.invitations.createInvitation(
  { email_address: 'ada@example.com' },
  { retries: { ...patient, retryNonIdempotent: true } },
);
