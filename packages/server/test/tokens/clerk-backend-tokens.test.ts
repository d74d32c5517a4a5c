import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/platform/clock.js';
import { createSignUp } from '../../src/sign-ups/sign-up-service.js';
import { useClerkBackend } from '../helpers/clerk-backend.js';
import { scopeOn } from '../helpers/test-scope.js';
import { testDialects } from '../helpers/test-server.js';
import { uniqueEmail } from '../helpers/users.js';

/** The official client's tokens, sign-ups and redirect URLs calls, against a listening server. */
describe.each(testDialects())('@clerk/backend: tokens, sign-ups, redirect URLs (%s)', (dialect) => {
  const suite = useClerkBackend(dialect);
  const newUser = () =>
    suite.clerk.users.createUser({
      emailAddress: [uniqueEmail('tokens')],
      password: 'correct-horse-battery-staple',
    });

  it('creates and revokes sign-in tokens', async () => {
    const user = await newUser();
    const token = await suite.clerk.signInTokens.createSignInToken({
      userId: user.id,
      expiresInSeconds: 600,
    });
    const { frontendApi } = suite.server.app.castellan.bootstrap.instance;
    expect(token).toMatchObject({ userId: user.id, status: 'pending' });
    expect(token.url).toBe(`https://${frontendApi}/v1/tickets/accept?ticket=${token.token}`);
    const revoked = await suite.clerk.signInTokens.revokeSignInToken(token.id);
    expect(revoked).toMatchObject({ id: token.id, status: 'revoked' });
    await expect(suite.clerk.signInTokens.revokeSignInToken(token.id)).rejects.toMatchObject({
      status: 400,
      errors: [expect.objectContaining({ code: 'sign_in_token_cannot_be_revoked' })],
    });
  });

  it('creates and revokes actor tokens', async () => {
    const user = await newUser();
    const token = await suite.clerk.actorTokens.create({
      userId: user.id,
      actor: { sub: 'user_support_agent' },
      expiresInSeconds: 300,
    });
    expect(token).toMatchObject({
      userId: user.id,
      status: 'pending',
      actor: { sub: 'user_support_agent' },
    });
    expect(token.url).toContain('/v1/tickets/accept?ticket=');
    expect(await suite.clerk.actorTokens.revoke(token.id)).toMatchObject({ status: 'revoked' });
  });

  it('creates testing tokens', async () => {
    // @clerk/backend 3.25 has no `testing_token` case in its deserializer: it hands back the
    // JSON as it came (`expires_at`, not `expiresAt`).
    const token = (await suite.clerk.testingTokens.createTestingToken()) as unknown as {
      object: string;
      token: string;
      expires_at: number;
    };
    expect(token.object).toBe('testing_token');
    expect(token.token).toMatch(/^\d+-[0-9A-Za-z]{37}$/);
    expect(token.expires_at).toBe(Number(token.token.split('-')[0]) + 3600);
  });

  it('lists, creates, reads and deletes redirect URLs', async () => {
    const created = await suite.clerk.redirectUrls.createRedirectUrl({
      url: 'my-app://oauth-callback',
    });
    expect(created.url).toBe('my-app://oauth-callback');
    const list = await suite.clerk.redirectUrls.getRedirectUrlList();
    expect(list.totalCount).toBeGreaterThanOrEqual(1);
    expect(list.data.map((r) => r.id)).toContain(created.id);
    expect((await suite.clerk.redirectUrls.getRedirectUrl(created.id)).url).toBe(created.url);
    expect(await suite.clerk.redirectUrls.deleteRedirectUrl(created.id)).toMatchObject({
      id: created.id,
    });
    await expect(suite.clerk.redirectUrls.getRedirectUrl(created.id)).rejects.toMatchObject({
      status: 404,
    });
  });

  it('reads and updates a sign-up', async () => {
    const { app } = suite.server;
    const scope = scopeOn(app, {
      instance: app.castellan.bootstrap.instance,
      clock: systemClock,
      baseUrl: suite.apiUrl,
    });
    const started = await createSignUp(scope, {
      requiredFields: ['email_address'],
      optionalFields: [],
      emailAddress: 'signing.up@example.com',
    });
    const read = await suite.clerk.signUps.get(started.id);
    expect(read).toMatchObject({
      id: started.id,
      status: 'missing_requirements',
      emailAddress: 'signing.up@example.com',
    });
    const updated = await suite.clerk.signUps.update({
      signUpAttemptId: started.id,
      externalId: 'legacy-7',
      customAction: true,
    });
    expect(updated).toMatchObject({ externalId: 'legacy-7', customAction: true });
  });
});
