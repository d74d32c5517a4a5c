import { validateFapiResponse } from '@castellan/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../helpers/test-server.js';
import { FapiBrowser, useFapiInstance, type FapiTestInstance } from './core-fapi.js';

const ORIGIN = 'http://localhost:3000';

/**
 * `GET /v1/environment` (and clerk-js's development `PATCH`): derived from the instance's
 * configuration, and what the form asks is what sign-up enforces.
 */
describe.each(testDialects())('Frontend API environment (%s)', (dialect) => {
  describe('a default development instance', () => {
    let t: FapiTestInstance;
    let browser: FapiBrowser;

    beforeAll(async () => {
      t = await useFapiInstance(dialect, 'development');
      browser = new FapiBrowser(t.app, t.instanceId, ORIGIN);
      await browser.setUpDevBrowser();
    });

    it('answers the environment bare, on PATCH as on GET', async () => {
      const patch = await browser.call('PATCH', '/v1/environment');
      expect(patch.status).toBe(200);
      expect(patch.body.response).toBeUndefined();
      const get = await browser.call('GET', '/v1/environment');
      expect(get.body).toEqual(patch.body);
      expect(get.body).toMatchObject({
        auth_config: { single_session_mode: true },
        display_config: {
          instance_environment_type: 'development',
          captcha_public_key: null,
          captcha_widget_type: null,
        },
        user_settings: {
          sign_up: { captcha_enabled: false, mode: 'public' },
          social: {},
          password_settings: { min_length: 8, disable_hibp: false },
        },
        organization_settings: { enabled: false },
        maintenance_mode: false,
      });
      expect(get.body.commerce_settings).toBeUndefined();
      const contract = validateFapiResponse('GET', '/v1/environment', 200, get.body);
      expect(contract.errors).toBe('');
      expect(contract.ok).toBe(true);
    });

    it('describes email and password the way clerk-js builds its forms from', async () => {
      const { body } = await browser.call('GET', '/v1/environment');
      const { attributes } = body.user_settings;
      // No identifier is required by default: sign-up requires the first one allowed.
      expect(attributes.email_address).toMatchObject({
        enabled: true,
        required: true,
        used_for_first_factor: true,
        first_factors: expect.arrayContaining(['email_code']),
        verifications: ['email_code'],
        verify_at_sign_up: true,
      });
      expect(attributes.password).toMatchObject({
        enabled: true,
        required: true,
        used_for_first_factor: false,
      });
      expect(attributes.phone_number).toMatchObject({
        enabled: true,
        required: false,
        first_factors: ['phone_code', 'reset_password_phone_code'],
      });
      expect(attributes.authenticator_app).toMatchObject({ second_factors: ['totp'] });
      expect(attributes.web3_wallet.enabled).toBe(false);
    });

    it('is answered without a client (401 without a dev browser, as every route)', async () => {
      const res = await new FapiBrowser(t.app, t.instanceId, ORIGIN).call('GET', '/v1/environment');
      expect(res.status).toBe(401);
      expect(res.body.errors[0].code).toBe('dev_browser_unauthenticated');
    });
  });

  describe('a configured production instance', () => {
    let t: FapiTestInstance;
    let browser: FapiBrowser;

    beforeAll(async () => {
      t = await useFapiInstance(dialect, 'production', {
        identifiers: { email_address: 'off', phone_number: 'off', username: 'required' },
        password_settings: { min_length: 12, require_numbers: true },
        sessions: { multi_session: true },
        organizations: { enabled: true },
      });
      await t.api.ok('UpdateInstance', { body: { allowed_origins: [ORIGIN] } });
      browser = new FapiBrowser(t.app, t.instanceId, ORIGIN);
    });

    it('reflects identifiers, password rules, session mode and organizations', async () => {
      const res = await browser.call('GET', '/v1/environment');
      expect(res.status).toBe(200);
      const { user_settings: settings } = res.body;
      expect(settings.attributes.email_address).toMatchObject({ enabled: false, required: false });
      expect(settings.attributes.phone_number.enabled).toBe(false);
      expect(settings.attributes.username).toMatchObject({
        enabled: true,
        required: true,
        used_for_first_factor: true,
      });
      expect(settings.password_settings).toMatchObject({ min_length: 12, require_numbers: true });
      expect(res.body.auth_config.single_session_mode).toBe(false);
      expect(res.body.organization_settings.enabled).toBe(true);
      expect(res.body.display_config.instance_environment_type).toBe('production');
      expect(res.body.auth_config).toMatchObject({
        email_address: 'off',
        phone_number: 'off',
        username: 'required',
        password: 'required',
        identification_strategies: ['username'],
        test_mode: false,
      });
      expect(validateFapiResponse('GET', '/v1/environment', 200, res.body).ok).toBe(true);
    });

    it('asks for what sign-up enforces: the short password and the missing username are refused', async () => {
      const short = await browser.call('POST', '/v1/client/sign_ups', {
        form: { username: 'envuser1', password: 'short1' },
      });
      expect(short.status).toBe(422);
      expect(short.body.errors[0].meta.param_name).toBe('password');
      const email = await browser.call('POST', '/v1/client/sign_ups', {
        form: { email_address: 'x@example.com', password: 'long-enough-pass-1' },
      });
      expect(email.status).toBe(422);
      expect(email.body.errors[0].meta.param_name).toBe('email_address');
    });
  });
});
