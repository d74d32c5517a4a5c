import { beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../helpers/api.js';
import { uniquePhone } from '../helpers/phones.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { uniqueEmail } from '../helpers/users.js';

/** The instance's block-list keeps identifiers out of the create and replace operations too. */
describe.each(testDialects())(
  'email addresses and phone numbers under restrictions (%s)',
  (dialect) => {
    let t: TestInstance;
    let api: Api;
    beforeAll(async () => {
      t = await useTestInstance(dialect);
      api = t.api;
      await api.ok('CreateBlocklistIdentifier', { body: { identifier: '*@blocked.test' } });
      await api.ok('UpdateInstanceRestrictions', { body: { blocklist: true } });
    });

    it('refuses a blocked email address or phone number and changes nothing', async () => {
      const blockedPhone = uniquePhone();
      await api.ok('CreateBlocklistIdentifier', { body: { identifier: blockedPhone } });
      const user = await api.ok('CreateUser', {
        body: { email_address: [uniqueEmail('free')], skip_password_requirement: true },
      });
      const params = { user_id: user.id };
      await api.fail(
        'CreateEmailAddress',
        { body: { user_id: user.id, email_address: 'someone@Blocked.test' } },
        403,
        'not_allowed_access',
      );
      await api.fail(
        'ReplaceUserEmailAddress',
        { params, body: { email_address: 'someone@blocked.test' } },
        403,
        'not_allowed_access',
      );
      await api.fail(
        'CreatePhoneNumber',
        { body: { user_id: user.id, phone_number: blockedPhone } },
        403,
        'not_allowed_access',
      );
      await api.fail(
        'ReplaceUserPhoneNumber',
        { params, body: { phone_number: blockedPhone } },
        403,
        'not_allowed_access',
      );
      const after = await api.ok('GetUser', { params });
      expect(after.email_addresses).toEqual(user.email_addresses);
      expect(after.phone_numbers).toEqual([]);
      // Anything else still goes through.
      await api.ok('CreateEmailAddress', {
        body: { user_id: user.id, email_address: uniqueEmail() },
      });
    });
  },
);
