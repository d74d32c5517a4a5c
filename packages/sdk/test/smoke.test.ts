import { describe, expect, it } from 'vitest';
import { ClerkErrors } from '../src/index.js';
import { useSdk } from './sdk-helpers.js';

describe('sdk smoke', () => {
  it('creates and lists users', async () => {
    const { sdk } = await useSdk('sqlite');
    const user = await sdk.users.createUser({
      email_address: ['a@example.com'],
      first_name: 'Ada',
      skip_password_requirement: true,
    });
    expect(user.first_name).toBe('Ada');
    const list = await sdk.users.getUserList({ email_address: ['a@example.com'] });
    expect(list.map((u) => u.id)).toEqual([user.id]);
    const err = await sdk.users.getUser({ user_id: 'user_nope' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClerkErrors);
    expect((err as ClerkErrors).data.errors[0]!.code).toBe('resource_not_found');
  });
});
