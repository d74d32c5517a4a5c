import { describe, expect, it } from 'vitest';
import { uniquePhone } from '../helpers/phones.js';
import { useClerkBackend } from '../helpers/clerk-backend.js';
import { testDialects } from '../helpers/test-server.js';
import { uniqueEmail } from '../helpers/users.js';

/** Email addresses and phone numbers through the official client, unchanged (COMPAT.md). */
describe.each(testDialects())(
  '@clerk/backend identifications against Castellan (%s)',
  (dialect) => {
    const suite = useClerkBackend(dialect);

    it('creates, gets, updates and deletes email addresses', async () => {
      const user = await suite.clerk.users.createUser({
        emailAddress: [uniqueEmail('sdk-email')],
        skipPasswordRequirement: true,
      });
      const address = uniqueEmail('sdk-second');
      const created = await suite.clerk.emailAddresses.createEmailAddress({
        userId: user.id,
        emailAddress: address,
      });
      expect(created.id).toMatch(/^idn_/);
      expect(created.emailAddress).toBe(address);
      expect(created.verification).toBeNull();
      expect(created.linkedTo).toEqual([]);

      const got = await suite.clerk.emailAddresses.getEmailAddress(created.id);
      expect(got.emailAddress).toBe(address);

      const updated = await suite.clerk.emailAddresses.updateEmailAddress(created.id, {
        verified: true,
        primary: true,
      });
      expect(updated.verification?.status).toBe('verified');
      expect(updated.verification?.strategy).toBe('admin');
      const owner = await suite.clerk.users.getUser(user.id);
      expect(owner.primaryEmailAddressId).toBe(created.id);
      expect(owner.primaryEmailAddress?.emailAddress).toBe(address);
      // No params: the client sends an empty body, which changes nothing.
      expect((await suite.clerk.emailAddresses.updateEmailAddress(created.id)).id).toBe(created.id);

      const deleted = await suite.clerk.emailAddresses.deleteEmailAddress(created.id);
      expect(deleted.id).toBe(created.id);
      expect(deleted.deleted).toBe(true);
      await expect(suite.clerk.emailAddresses.getEmailAddress(created.id)).rejects.toMatchObject({
        status: 404,
        errors: [expect.objectContaining({ code: 'resource_not_found' })],
      });
      await expect(
        suite.clerk.emailAddresses.createEmailAddress({
          userId: user.id,
          emailAddress: user.emailAddresses[0]!.emailAddress,
        }),
      ).rejects.toMatchObject({
        status: 422,
        errors: [expect.objectContaining({ code: 'form_identifier_exists' })],
      });
    });

    it('creates, gets, updates and deletes phone numbers', async () => {
      const user = await suite.clerk.users.createUser({
        emailAddress: [uniqueEmail('sdk-phone')],
        skipPasswordRequirement: true,
      });
      const number = uniquePhone();
      const created = await suite.clerk.phoneNumbers.createPhoneNumber({
        userId: user.id,
        phoneNumber: number,
        verified: true,
        reservedForSecondFactor: true,
      });
      expect(created.phoneNumber).toBe(number);
      expect(created.reservedForSecondFactor).toBe(true);
      expect(created.defaultSecondFactor).toBe(true);
      expect(created.verification?.status).toBe('verified');

      const got = await suite.clerk.phoneNumbers.getPhoneNumber(created.id);
      expect(got.phoneNumber).toBe(number);
      expect((await suite.clerk.users.getUser(user.id)).twoFactorEnabled).toBe(true);

      const updated = await suite.clerk.phoneNumbers.updatePhoneNumber(created.id, {
        reservedForSecondFactor: false,
      });
      expect(updated.reservedForSecondFactor).toBe(false);
      expect(updated.defaultSecondFactor).toBe(false);

      const deleted = await suite.clerk.phoneNumbers.deletePhoneNumber(created.id);
      expect(deleted.deleted).toBe(true);
      await expect(suite.clerk.phoneNumbers.getPhoneNumber(created.id)).rejects.toMatchObject({
        status: 404,
      });
      await expect(
        suite.clerk.phoneNumbers.createPhoneNumber({ userId: user.id, phoneNumber: '555-0100' }),
      ).rejects.toMatchObject({
        status: 422,
        errors: [expect.objectContaining({ code: 'form_param_format_invalid' })],
      });
    });
  },
);
