import { beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '../../src/platform/scope.js';
import { runWrite } from '../../src/platform/write.js';
import {
  completeSignUp,
  createSignUp,
  type NewSignUp,
} from '../../src/sign-ups/sign-up-service.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { scopeOn } from '../helpers/test-scope.js';
import { testDialects } from '../helpers/test-server.js';

const DAY = 24 * 60 * 60 * 1000;
const EMAIL_ONLY: NewSignUp = {
  requiredFields: ['email_address', 'password'],
  optionalFields: ['first_name', 'last_name'],
};

describe.each(testDialects())('sign-ups (%s)', (dialect) => {
  let t: TestInstance;
  let scope: Scope;
  const storedRow = (id: string) =>
    t.database.db.selectFrom('sign_ups').selectAll().where('id', '=', id).executeTakeFirst();

  beforeAll(async () => {
    t = await useTestInstance(dialect);
    scope = scopeOn(t.app, { ...t, baseUrl: 'http://localhost' });
  });

  it('reads a sign-up the frontend API started, with what is missing and unverified', async () => {
    const start = Date.UTC(2026, 6, 1);
    t.clock.set(start);
    const created = await createSignUp(scope, {
      ...EMAIL_ONLY,
      clientId: 'client_abc',
      emailAddress: 'new@example.com',
      firstName: 'Ada',
      unsafeMetadata: { plan: 'pro' },
      locale: 'fr-FR',
    });
    const read = await t.api.ok('GetSignUp', { params: { id: created.id } });
    expect(read).toEqual(created);
    expect(read).toMatchObject({
      object: 'sign_up_attempt',
      status: 'missing_requirements',
      required_fields: ['email_address', 'password'],
      optional_fields: ['first_name', 'last_name'],
      missing_fields: ['password'],
      unverified_fields: ['email_address'],
      email_address: 'new@example.com',
      phone_number: null,
      username: null,
      web3_wallet: null,
      password_enabled: false,
      first_name: 'Ada',
      last_name: null,
      unsafe_metadata: { plan: 'pro' },
      public_metadata: {},
      custom_action: false,
      external_id: null,
      created_session_id: null,
      created_user_id: null,
      abandon_at: start + DAY,
      legal_accepted_at: null,
      locale: 'fr-FR',
    });
    expect(read.id).toMatch(/^sua_[0-9A-Za-z]{27}$/);
    expect(read.verifications).toEqual({
      email_address: {
        status: 'unverified',
        strategy: null,
        attempts: null,
        expire_at: null,
        next_action: 'needs_prepare',
        supported_strategies: ['email_code'],
      },
      phone_number: null,
      web3_wallet: null,
      external_account: null,
    });
    expect((await storedRow(created.id))!.client_id).toBe('client_abc');
    t.clock.useRealTime();
  });

  it('says a password is set without ever holding it, and that legal terms were accepted', async () => {
    const created = await createSignUp(scope, {
      requiredFields: ['username', 'password', 'legal_accepted'],
      optionalFields: [],
      username: 'ada_l',
      password: {
        digest: '$2b$10$abcdefghijklmnopqrstuuvwxyzabcdefghijklmnopqrstuvwxyza',
        hasher: 'bcrypt',
      },
      legalAcceptedAt: 1_700_000_000_000,
    });
    const read = await t.api.ok('GetSignUp', { params: { id: created.id } });
    expect(read).toMatchObject({
      password_enabled: true,
      legal_accepted_at: 1_700_000_000_000,
      missing_fields: [],
      unverified_fields: [],
    });
    expect(JSON.stringify(read)).not.toContain('$2b$');
  });

  it('updates external_id and custom_action; null or "" clears', async () => {
    const { id } = await createSignUp(scope, { ...EMAIL_ONLY, emailAddress: 'x@example.com' });
    t.clock.set(Date.now() + 1000);
    const updated = await t.api.ok('UpdateSignUp', {
      params: { id },
      body: { external_id: 'ext-42', custom_action: true },
    });
    expect(updated).toMatchObject({ external_id: 'ext-42', custom_action: true });
    expect(await t.api.ok('GetSignUp', { params: { id } })).toEqual(updated);
    const row = await storedRow(id);
    expect(Number(row!.updated_at)).toBe(t.clock.now());
    // A field not sent is left alone.
    expect(await t.api.ok('UpdateSignUp', { params: { id }, body: {} })).toMatchObject({
      external_id: 'ext-42',
      custom_action: true,
    });
    expect(
      await t.api.ok('UpdateSignUp', {
        params: { id },
        body: { external_id: null, custom_action: null },
      }),
    ).toMatchObject({ external_id: null, custom_action: false });
    await t.api.ok('UpdateSignUp', { params: { id }, body: { external_id: 'again' } });
    expect(
      await t.api.ok('UpdateSignUp', { params: { id }, body: { external_id: '' } }),
    ).toMatchObject({ external_id: null });
    t.clock.useRealTime();
  });

  it('refuses bad bodies, unknown sign-ups and other instances’ sign-ups, changing nothing', async () => {
    const { id } = await createSignUp(scope, EMAIL_ONLY);
    const before = await storedRow(id);
    await t.api.fail(
      'UpdateSignUp',
      { params: { id }, rawBody: { external_id: 5 } },
      422,
      'form_param_format_invalid',
    );
    await t.api.fail(
      'UpdateSignUp',
      { params: { id }, rawBody: { custom_action: 'yes' } },
      422,
      'form_param_format_invalid',
    );
    await t.api.fail(
      'UpdateSignUp',
      { params: { id }, rawBody: { status: 'complete' } },
      422,
      'form_param_unknown',
    );
    await t.api.fail('UpdateSignUp', { params: { id }, rawBody: '[1]' }, 422);
    expect(await storedRow(id)).toEqual(before);
    const unknown = 'sua_2abcdefghijklmnopqrstuvwxyz';
    await t.api.fail('GetSignUp', { params: { id: unknown } }, 404, 'resource_not_found');
    await t.api.fail(
      'UpdateSignUp',
      { params: { id: unknown }, body: { custom_action: true } },
      404,
      'resource_not_found',
    );
    const other = await useTestInstance(dialect);
    await other.api.fail('GetSignUp', { params: { id } }, 404, 'resource_not_found');
    await other.api.fail('UpdateSignUp', { params: { id }, body: { external_id: 'x' } }, 404);
    expect(await storedRow(id)).toEqual(before);
  });

  it('is abandoned a day after it started, and no longer updated', async () => {
    const start = Date.UTC(2026, 7, 1);
    t.clock.set(start);
    const { id } = await createSignUp(scope, EMAIL_ONLY);
    t.clock.set(start + DAY - 1);
    expect((await t.api.ok('GetSignUp', { params: { id } })).status).toBe('missing_requirements');
    t.clock.set(start + DAY);
    expect((await t.api.ok('GetSignUp', { params: { id } })).status).toBe('abandoned');
    const body = await t.api.fail(
      'UpdateSignUp',
      { params: { id }, body: { external_id: 'late' } },
      400,
      'sign_up_cannot_be_updated',
    );
    expect(body.errors[0]!.long_message).toContain('is abandoned');
    expect((await storedRow(id))!.external_id).toBeNull();
    t.clock.useRealTime();
  });

  it('once completed by the frontend API, names its user and session and is no longer updated', async () => {
    const { id } = await createSignUp(scope, { ...EMAIL_ONLY, emailAddress: 'done@example.com' });
    await runWrite(scope, (tx) =>
      completeSignUp(tx, id, { userId: 'user_1', sessionId: 'sess_1' }),
    );
    const read = await t.api.ok('GetSignUp', { params: { id } });
    expect(read).toMatchObject({
      status: 'complete',
      missing_fields: [],
      unverified_fields: [],
      created_user_id: 'user_1',
      created_session_id: 'sess_1',
    });
    await t.api.fail(
      'UpdateSignUp',
      { params: { id }, body: { custom_action: true } },
      400,
      'sign_up_cannot_be_updated',
    );
    await expect(
      runWrite(scope, (tx) => completeSignUp(tx, id, { userId: 'user_2', sessionId: null })),
    ).rejects.toMatchObject({ status: 400 });
  });

  it('refuses metadata over 8 KB when a sign-up starts', async () => {
    await expect(
      createSignUp(scope, { ...EMAIL_ONLY, unsafeMetadata: { big: 'x'.repeat(9000) } }),
    ).rejects.toMatchObject({
      status: 422,
      errors: [expect.objectContaining({ code: 'form_param_exceeds_allowed_size' })],
    });
  });
});
