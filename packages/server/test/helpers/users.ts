import type { TestServer } from './test-server.js';
import { expectContract } from './contract.js';

let counter = 0;

/** A unique email for a test user. */
export function uniqueEmail(prefix = 'user'): string {
  counter += 1;
  return `${prefix}.${Date.now().toString(36)}.${counter}@example.com`;
}

/** Creates a user through the API (validated against the contract) and returns it. */
export async function createTestUser(server: TestServer, body: Record<string, unknown> = {}) {
  const response = await server.app.inject({
    method: 'POST',
    url: '/v1/users',
    headers: server.auth,
    payload: { email_address: [uniqueEmail()], password: 'correct-horse-battery-staple', ...body },
  });
  const user = expectContract('CreateUser', response);
  if (response.statusCode !== 200)
    throw new Error(`createTestUser: ${response.statusCode} ${response.body}`);
  return user;
}
