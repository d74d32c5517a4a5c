import { expect, it } from 'vitest';
import { createSignUp } from '../../../server/src/sign-ups/sign-up-service.js';
import { scopeOn } from '../../../server/test/helpers/test-scope.js';
import { uniqueEmail } from '../../../server/test/helpers/users.js';
import { describeOperations, expectClerkError } from './operations-suite.js';

describeOperations('sign-ups', (s) => {
  it('reads a sign-up and updates its external id', async () => {
    // Sign-ups start in the browser (no Backend API call makes one): start one directly.
    const scope = scopeOn(s.t.app, { ...s.t, baseUrl: 'http://localhost' });
    const email = uniqueEmail('signup');
    const started = await createSignUp(scope, {
      requiredFields: ['email_address', 'password'],
      optionalFields: ['first_name'],
      emailAddress: email,
    });
    const signUp = await s.sdk.signUps.getSignUp({ id: started.id });
    expect(signUp).toMatchObject({
      object: 'sign_up_attempt',
      id: started.id,
      email_address: email,
    });
    const updated = await s.sdk.signUps.updateSignUp({ id: started.id, external_id: 'crm-42' });
    expect([updated.id, updated.external_id]).toEqual([started.id, 'crm-42']);
    await expectClerkError(
      s.sdk.signUps.getSignUp({ id: 'sua_missing' }),
      404,
      'resource_not_found',
    );
  });

  it('serves the public interstitial page without a secret key', async () => {
    const anonymous = s.client({ bearerAuth: undefined });
    const page = await anonymous.miscellaneous.getPublicInterstitial({
      publishable_key: s.t.instance.publishableKey,
    });
    expect(typeof page).toBe('string');
    expect(page).toContain(s.t.instance.publishableKey);
    await expectClerkError(
      anonymous.miscellaneous.getPublicInterstitial({ sign_in_url: '/sign-in' }),
      400,
      'bad_request',
    );
  });
});
