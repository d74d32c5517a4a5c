import { createSecretKey } from 'node:crypto';
import {
  createLocalJWKSet,
  decodeProtectedHeader,
  jwtVerify,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
} from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { ClerkApiError } from '../../src/errors/clerk-api-error.js';
import {
  createTemplateToken,
  type TemplateTokenSubject,
} from '../../src/jwt-templates/template-token-service.js';
import type { Scope } from '../../src/platform/scope.js';
import type { Api } from '../helpers/api.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { scopeOn } from '../helpers/test-scope.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser } from '../helpers/users.js';
import { hmacSecret, testKeyPair } from './signing-keys.js';

const NOW = Date.UTC(2026, 5, 1, 12, 0, 0);
const IAT = NOW / 1000;

describe.each(testDialects())('template tokens (%s)', (dialect) => {
  let t: TestInstance;
  let api: Api;
  let scope: Scope;
  let subject: TemplateTokenSubject;
  let jwks: JWTVerifyGetKey;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
    api = t.api;
    scope = scopeOn(t.app, { instance: t.instance, clock: t.clock, baseUrl: 'http://localhost' });
    const created = await createTestUser(api, {
      first_name: 'Ada',
      last_name: 'Lovelace',
      public_metadata: { plan: { tier: 'pro' } },
    });
    const user = await api.ok('GetUser', { params: { user_id: created.id } });
    subject = {
      user,
      session: { id: 'sess_test', actor: null, fva: [0, -1] },
      organization: null,
      azp: 'https://app.example.com',
    };
    const { keys = [] } = await api.ok('GetJWKS');
    jwks = createLocalJWKSet({ keys } as JSONWebKeySet);
  });

  const template = (body: Record<string, unknown>) =>
    api.ok('CreateJWTTemplate', { body: { claims: {}, ...body } as never });

  it('signs with the instance key (RS256, kid) and carries Clerk’s default claims, no sid', async () => {
    t.clock.set(NOW);
    await template({
      name: 'default-key',
      lifetime: 300,
      allowed_clock_skew: 10,
      claims: {
        email: '{{user.primary_email_address}}',
        name: '{{user.full_name}}',
        tier: "{{user.public_metadata.plan.tier || 'free'}}",
        org: "{{org.slug || 'none'}}",
      },
    });
    const token = await createTemplateToken(scope, 'default-key', subject, {});
    expect(token.object).toBe('token');
    const header = decodeProtectedHeader(token.jwt);
    expect(header).toEqual({ alg: 'RS256', kid: expect.stringMatching(/^key_/), typ: 'JWT' });
    const { payload } = await jwtVerify(token.jwt, jwks, { currentDate: new Date(NOW) });
    expect(payload).toEqual({
      email: subject.user.email_addresses[0]!.email_address,
      name: 'Ada Lovelace',
      tier: 'pro',
      org: 'none',
      azp: 'https://app.example.com',
      exp: IAT + 300,
      iat: IAT,
      iss: `https://${t.instance.frontendApi}`,
      jti: expect.stringMatching(/^[0-9a-f]{20}$/),
      nbf: IAT - 10,
      sub: subject.user.id,
    });
    t.clock.useRealTime();
  });

  it('overrides the lifetime with expiresInSeconds, and leaves azp out when unknown', async () => {
    t.clock.set(NOW);
    await template({ name: 'override' });
    const token = await createTemplateToken(
      scope,
      'override',
      { ...subject, azp: undefined },
      { expiresInSeconds: 3_600 },
    );
    const { payload } = await jwtVerify(token.jwt, jwks, { currentDate: new Date(NOW) });
    expect(payload.exp).toBe(IAT + 3_600);
    expect(payload.nbf).toBe(IAT - 5);
    expect(payload).not.toHaveProperty('azp');
    const defaults = await createTemplateToken(scope, 'override', subject, {
      expiresInSeconds: null,
    });
    expect((await jwtVerify(defaults.jwt, jwks, { currentDate: new Date(NOW) })).payload.exp).toBe(
      IAT + 60,
    );
    t.clock.useRealTime();
  });

  it('signs with a custom key and algorithm; the instance JWKS does not verify it', async () => {
    const secret = hmacSecret(48);
    const cases = [
      ['HS384', secret, createSecretKey(Buffer.from(secret))],
      ['RS512', testKeyPair('rsa2048').pem, testKeyPair('rsa2048').publicKey],
      ['ES256', testKeyPair('p256').pem, testKeyPair('p256').publicKey],
      ['ES512', testKeyPair('p521').pem, testKeyPair('p521').publicKey],
      ['EdDSA', testKeyPair('ed25519').pem, testKeyPair('ed25519').publicKey],
    ] as const;
    for (const [algorithm, signingKey, verifyKey] of cases) {
      const name = `custom-${algorithm}`;
      await template({
        name,
        claims: { uid: '{{user.id}}' },
        custom_signing_key: true,
        signing_algorithm: algorithm,
        signing_key: signingKey,
      });
      const { jwt } = await createTemplateToken(scope, name, subject, {});
      expect(decodeProtectedHeader(jwt)).toEqual({ alg: algorithm, typ: 'JWT' });
      const { payload } = await jwtVerify(jwt, verifyKey, { algorithms: [algorithm] });
      expect(payload).toMatchObject({ uid: subject.user.id, sub: subject.user.id });
      await expect(jwtVerify(jwt, jwks)).rejects.toThrow();
    }
  });

  it('signs with the new key once a template’s key is replaced', async () => {
    const first = hmacSecret(32);
    const second = 'z'.repeat(40);
    const made = await template({
      name: 'rotated',
      custom_signing_key: true,
      signing_algorithm: 'HS256',
      signing_key: first,
    });
    const before = await createTemplateToken(scope, 'rotated', subject, {});
    await jwtVerify(before.jwt, new TextEncoder().encode(first));
    await api.ok('UpdateJWTTemplate', {
      params: { template_id: made.id },
      body: { name: 'rotated', claims: { v: 2 }, signing_key: second },
    });
    const after = await createTemplateToken(scope, 'rotated', subject, {});
    const { payload } = await jwtVerify(after.jwt, new TextEncoder().encode(second));
    expect(payload.v).toBe(2);
    await expect(jwtVerify(after.jwt, new TextEncoder().encode(first))).rejects.toThrow(
      'signature verification failed',
    );
    await api.ok('UpdateJWTTemplate', {
      params: { template_id: made.id },
      body: { name: 'rotated', claims: {}, custom_signing_key: false },
    });
    const instanceSigned = await createTemplateToken(scope, 'rotated', subject, {});
    await jwtVerify(instanceSigned.jwt, jwks);
  });

  it('renders the active organization and the actor', async () => {
    await template({
      name: 'org-and-actor',
      claims: {
        org: { id: '{{org.id}}', role: '{{org.role}}', perms: '{{org.permissions}}' },
        act: '{{session.actor}}',
      },
    });
    const { jwt } = await createTemplateToken(
      scope,
      'org-and-actor',
      {
        ...subject,
        session: { id: 'sess_x', actor: { sub: 'user_admin' }, fva: null },
        organization: {
          id: 'org_1',
          name: 'Acme',
          slug: 'acme',
          image_url: 'https://img.example/acme.png',
          role: 'org:admin',
          permissions: ['org:sys_profile:manage'],
          public_metadata: {},
        },
      },
      {},
    );
    const { payload } = await jwtVerify(jwt, jwks);
    expect(payload.org).toEqual({
      id: 'org_1',
      role: 'org:admin',
      perms: ['org:sys_profile:manage'],
    });
    expect(payload.act).toEqual({ sub: 'user_admin' });
  });

  it('answers 404 for an unknown template name, and 422 for a lifetime out of range', async () => {
    const unknown = await createTemplateToken(scope, 'no-such-template', subject, {}).catch(
      (error: unknown) => error,
    );
    expect(unknown).toBeInstanceOf(ClerkApiError);
    expect((unknown as ClerkApiError).status).toBe(404);
    expect((unknown as ClerkApiError).errors[0]).toMatchObject({
      code: 'resource_not_found',
      longMessage: 'No JWT template exists with name: no-such-template',
    });
    await template({ name: 'bounds' });
    for (const expiresInSeconds of [29, 315_360_001, 1.5]) {
      const error = await createTemplateToken(scope, 'bounds', subject, {
        expiresInSeconds,
      }).catch((e: unknown) => e);
      expect((error as ClerkApiError).errors[0]).toMatchObject({
        code: 'form_param_value_invalid',
        meta: { param_name: 'expires_in_seconds' },
      });
    }
  });

  it('finds templates by name within the instance only', async () => {
    const other = await useTestInstance(dialect);
    await other.api.ok('CreateJWTTemplate', { body: { name: 'only-theirs', claims: {} } });
    const error = await createTemplateToken(scope, 'only-theirs', subject, {}).catch(
      (e: unknown) => e,
    );
    expect((error as ClerkApiError).status).toBe(404);
  });
});
