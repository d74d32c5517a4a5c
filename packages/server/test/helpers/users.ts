import type { SuccessBody } from '@castellan/contract';
import type { Api } from './api.js';

let counter = 0;

/** A unique email for a test user. */
export function uniqueEmail(prefix = 'user'): string {
  counter += 1;
  return `${prefix}.${process.pid}.${counter}@example.com`;
}

/** Creates a user through the API (checked against the contract) and returns it. */
export async function createTestUser(
  api: Api,
  body: Record<string, unknown> = {},
): Promise<SuccessBody<'CreateUser'>> {
  return api.ok('CreateUser', {
    body: { email_address: [uniqueEmail()], password: 'correct-horse-battery-staple', ...body },
  });
}
