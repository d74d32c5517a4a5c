import type { SuccessBody } from '@castellan/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestOrganization, enableOrganizations } from '../helpers/organizations.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { uniquePhone } from '../helpers/phones.js';
import { uniqueEmail } from '../helpers/users.js';
import { PNG } from '../profile/images.js';

type User = SuccessBody<'GetUser'>;

/**
 * A member's `public_user_data` comes from `user_public_data`, a copy of part of the user's
 * row kept by every write to it: after each kind of write, it is what the user itself says.
 */
describe.each(testDialects())("a member's public data follows the user (%s)", (dialect) => {
  let t: TestInstance;
  let organizationId: string;

  beforeAll(async () => {
    t = await useTestInstance(dialect);
    await enableOrganizations(t.api);
    organizationId = (await createTestOrganization(t.api)).id;
  });

  /** What the user's public data must be, from `GetUser`. */
  const expectedOf = (user: User) => {
    const email = user.email_addresses.find((e) => e.id === user.primary_email_address_id);
    const phone = user.phone_numbers.find((p) => p.id === user.primary_phone_number_id);
    return {
      user_id: user.id,
      first_name: user.first_name,
      last_name: user.last_name,
      image_url: user.image_url,
      profile_image_url: user.image_url,
      has_image: user.has_image,
      identifier: email?.email_address ?? phone?.phone_number ?? user.username,
      username: user.username,
      banned: user.banned,
    };
  };

  /** The member as the organization's list shows it, checked against the user. */
  const expectInSync = async (userId: string) => {
    const user = await t.api.ok('GetUser', { params: { user_id: userId } });
    const page = await t.api.ok('ListOrganizationMemberships', {
      params: { organization_id: organizationId },
      query: { user_id: [userId] },
    });
    expect(page.data).toHaveLength(1);
    expect(page.data[0]!.public_user_data).toEqual(expectedOf(user));
    return user;
  };

  const join = (userId: string) =>
    t.api.ok('CreateOrganizationMembership', {
      params: { organization_id: organizationId },
      body: { user_id: userId, role: 'org:member' },
    });

  it('names, username, image and ban', async () => {
    const user = await t.api.ok('CreateUser', {
      body: {
        email_address: [uniqueEmail('Mixed.Case')],
        first_name: 'Ada',
        username: `ada${Date.now()}`,
        skip_password_requirement: true,
      },
    });
    await join(user.id);
    const first = await expectInSync(user.id);
    // The identifier keeps the address as it was written, not its lowercase form.
    expect(first.email_addresses[0]!.email_address).toMatch(/^Mixed\.Case\./);

    await t.api.ok('UpdateUser', {
      params: { user_id: user.id },
      body: { first_name: 'Grace', last_name: 'Hopper', username: `grace${Date.now()}` },
    });
    expect((await expectInSync(user.id)).last_name).toBe('Hopper');

    await t.api.ok('SetUserProfileImage', {
      params: { user_id: user.id },
      form: { file: { data: PNG, filename: 'a.png', contentType: 'image/png' } },
    });
    expect((await expectInSync(user.id)).has_image).toBe(true);
    await t.api.ok('DeleteUserProfileImage', { params: { user_id: user.id } });
    expect((await expectInSync(user.id)).has_image).toBe(false);

    await t.api.ok('BanUser', { params: { user_id: user.id } });
    expect((await expectInSync(user.id)).banned).toBe(true);
    await t.api.ok('UnbanUser', { params: { user_id: user.id } });
    expect((await expectInSync(user.id)).banned).toBe(false);
    // The bulk form writes several users in one statement.
    await t.api.ok('UsersBan', { body: { user_ids: [user.id] } });
    expect((await expectInSync(user.id)).banned).toBe(true);
  });

  it('the identifier follows the primary email, then the phone, then the username', async () => {
    const username = `ids${Date.now()}`;
    const user = await t.api.ok('CreateUser', {
      body: {
        email_address: [uniqueEmail('One')],
        phone_number: [uniquePhone()],
        username,
        skip_password_requirement: true,
      },
    });
    await join(user.id);
    await expectInSync(user.id);

    const second = await t.api.ok('CreateEmailAddress', {
      body: { user_id: user.id, email_address: uniqueEmail('Two'), verified: true },
    });
    await expectInSync(user.id); // a new address is not the primary one
    await t.api.ok('UpdateUser', {
      params: { user_id: user.id },
      body: { primary_email_address_id: second.id },
    });
    expect((await expectInSync(user.id)).primary_email_address_id).toBe(second.id);

    for (const email of (await t.api.ok('GetUser', { params: { user_id: user.id } }))
      .email_addresses) {
      await t.api.ok('DeleteEmailAddress', { params: { email_address_id: email.id! } });
    }
    const phoneOnly = await expectInSync(user.id);
    expect(phoneOnly.email_addresses).toEqual([]);

    await t.api.ok('DeletePhoneNumber', {
      params: { phone_number_id: phoneOnly.phone_numbers[0]!.id! },
    });
    const usernameOnly = await expectInSync(user.id);
    expect(usernameOnly.phone_numbers).toEqual([]);
    expect(expectedOf(usernameOnly).identifier).toBe(username);
  });

  it('a deleted user leaves no public data behind', async () => {
    const user = await t.api.ok('CreateUser', {
      body: { email_address: [uniqueEmail()], skip_password_requirement: true },
    });
    await join(user.id);
    await t.api.ok('DeleteUser', { params: { user_id: user.id } });
    const left = await t.app.castellan.database.db
      .selectFrom('user_public_data')
      .select('id')
      .where('id', '=', user.id)
      .execute();
    expect(left).toEqual([]);
  });
});
