import { expect, it } from 'vitest';
import { uniqueEmail } from '../../../server/test/helpers/users.js';
import { describeOperations, expectClerkError } from './operations-suite.js';

describeOperations('tokens', (s) => {
  const newUser = () =>
    s.sdk.users.createUser({
      email_address: [uniqueEmail('tok')],
      skip_password_requirement: true,
    });

  it('creates and revokes a sign-in token', async () => {
    const user = await newUser();
    const token = await s.sdk.signInTokens.createSignInToken({
      user_id: user.id,
      expires_in_seconds: 600,
    });
    expect(token).toMatchObject({ object: 'sign_in_token', user_id: user.id, status: 'pending' });
    expect(token.token).toBeTruthy();
    const revoked = await s.sdk.signInTokens.revokeSignInToken({ sign_in_token_id: token.id });
    expect([revoked.id, revoked.status]).toEqual([token.id, 'revoked']);
    await expectClerkError(
      s.sdk.signInTokens.createSignInToken({ user_id: 'user_missing' }),
      404,
      'resource_not_found',
    );
  });

  it('creates and revokes an actor token', async () => {
    const user = await newUser();
    const token = await s.sdk.actorTokens.createActorToken({
      user_id: user.id,
      actor: { sub: 'user_support_agent' },
      expires_in_seconds: 600,
    });
    expect(token).toMatchObject({
      object: 'actor_token',
      user_id: user.id,
      actor: { sub: 'user_support_agent' },
      status: 'pending',
    });
    const revoked = await s.sdk.actorTokens.revokeActorToken({ actor_token_id: token.id });
    expect([revoked.id, revoked.status]).toEqual([token.id, 'revoked']);
    await expectClerkError(
      s.sdk.actorTokens.createActorToken({ user_id: user.id }),
      422,
      'form_param_missing',
    );
  });

  it('creates a testing token that expires in the future', async () => {
    const before = Date.now();
    const token = await s.sdk.testingTokens.createTestingToken();
    expect(token.object).toBe('testing_token');
    expect(token.token).toMatch(/\S{16,}/);
    expect(token.expires_at * 1000).toBeGreaterThan(before);
  });
});
