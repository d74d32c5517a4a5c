import { jwtVerify } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { hmacSecret } from '../jwt-templates/signing-keys.js';
import { createUserSession, verifiedClaims } from './session-helpers.js';

const NOW = Date.UTC(2026, 6, 1, 9, 30);
const IAT = NOW / 1000;

/** `POST /v1/sessions/{id}/tokens/{template_name}`: a session's token rendered by a JWT template. */
describe.each(testDialects())('session tokens from a JWT template (%s)', (dialect) => {
  let t: TestInstance;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
    await t.api.ok('CreateJWTTemplate', {
      body: {
        name: 'profile',
        claims: {
          email: '{{user.primary_email_address}}',
          greeting: 'Hello {{user.first_name || "you"}}',
          plan: '{{user.public_metadata.plan || "free"}}',
          session: '{{session.id}}',
        },
        lifetime: 120,
        allowed_clock_skew: 7,
      },
    });
  });

  it('renders the template for the session’s user, signed by the instance key', async () => {
    t.clock.set(NOW);
    const { user, session } = await createUserSession(t);
    const token = await t.api.ok('CreateSessionTokenFromTemplate', {
      params: { session_id: session.id, template_name: 'profile' },
    });
    expect(token.object).toBe('token');
    const { header, claims } = await verifiedClaims(t, token.jwt!);
    expect(header.alg).toBe('RS256');
    expect(claims).toMatchObject({
      sub: user.id,
      iss: `https://${t.instance.frontendApi}`,
      iat: IAT,
      nbf: IAT - 7,
      exp: IAT + 120,
      email: user.email_addresses[0]!.email_address,
      greeting: 'Hello you',
      plan: 'free',
      session: session.id,
    });
    t.clock.useRealTime();
  });

  it('honours expires_in_seconds over the template’s lifetime', async () => {
    t.clock.set(NOW);
    const { session } = await createUserSession(t);
    const { jwt } = await t.api.ok('CreateSessionTokenFromTemplate', {
      params: { session_id: session.id, template_name: 'profile' },
      body: { expires_in_seconds: 3600 },
    });
    const { claims } = await verifiedClaims(t, jwt!);
    expect(claims.exp - claims.iat).toBe(3600);
    t.clock.useRealTime();
  });

  it('signs with the template’s own key when it has one', async () => {
    const secret = hmacSecret(32);
    await t.api.ok('CreateJWTTemplate', {
      body: {
        name: 'hs-partner',
        claims: { uid: '{{user.id}}' },
        custom_signing_key: true,
        signing_algorithm: 'HS256',
        signing_key: secret,
      },
    });
    const { user, session } = await createUserSession(t);
    const { jwt } = await t.api.ok('CreateSessionTokenFromTemplate', {
      params: { session_id: session.id, template_name: 'hs-partner' },
    });
    const { payload, protectedHeader } = await jwtVerify(jwt!, new TextEncoder().encode(secret));
    expect(protectedHeader.alg).toBe('HS256');
    expect(payload).toMatchObject({ sub: user.id, uid: user.id });
  });

  it('answers 404 for an unknown template or session, 401 for a revoked session', async () => {
    const { session } = await createUserSession(t);
    await t.api.fail(
      'CreateSessionTokenFromTemplate',
      { params: { session_id: session.id, template_name: 'no-such-template' } },
      404,
      'resource_not_found',
    );
    await t.api.fail(
      'CreateSessionTokenFromTemplate',
      { params: { session_id: 'sess_2unknownunknownunknown0000', template_name: 'profile' } },
      404,
      'resource_not_found',
    );
    await t.api.ok('RevokeSession', { params: { session_id: session.id } });
    await t.api.fail(
      'CreateSessionTokenFromTemplate',
      { params: { session_id: session.id, template_name: 'profile' } },
      401,
      'signed_out',
    );
  });

  it('refuses an expires_in_seconds out of range', async () => {
    const { session } = await createUserSession(t);
    for (const expires_in_seconds of [29, 315360001]) {
      await t.api.fail(
        'CreateSessionTokenFromTemplate',
        {
          params: { session_id: session.id, template_name: 'profile' },
          body: { expires_in_seconds },
        },
        422,
        'form_param_value_invalid',
      );
    }
  });
});
