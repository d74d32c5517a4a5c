import { describe, expect, it } from 'vitest';
import { createResponseValidator } from '../src/index.js';
import { clerkErrorsJson, userJson } from './fixtures/user-json.js';

const validateResponse = createResponseValidator();

describe('createResponseValidator', () => {
  it('accepts a realistic user for GetUser 200', () => {
    expect(validateResponse('GetUser', 200, userJson())).toEqual({ ok: true, errors: '' });
    expect(validateResponse('GetUserList', '200', [userJson(), userJson()]).ok).toBe(true);
  });

  it('rejects a user missing a required field', () => {
    const { created_at: _dropped, ...user } = userJson();
    const result = validateResponse('GetUser', 200, user);
    expect(result.ok).toBe(false);
    expect(result.errors).toContain("must have required property 'created_at'");
  });

  it('rejects a field of the wrong type, a bad enum value and an undeclared field', () => {
    const wrongType = validateResponse('GetUser', 200, { ...userJson(), banned: 'no' });
    expect(wrongType.ok).toBe(false);
    expect(wrongType.errors).toContain('/banned must be boolean');

    const badEnum = validateResponse('GetUser', 200, { ...userJson(), object: 'person' });
    expect(badEnum.errors).toContain('/object must be equal to one of the allowed values');

    const extra = validateResponse('GetUser', 200, { ...userJson(), favourite_colour: 'red' });
    expect(extra.errors).toContain('must NOT have additional properties "favourite_colour"');
  });

  it('checks nested verifications against their oneOf variants', () => {
    const user = userJson();
    const emails = user.email_addresses as Record<string, unknown>[];
    emails[0]!.verification = { status: 'verified', strategy: 'carrier_pigeon', attempts: null };
    expect(validateResponse('GetUser', 200, user).ok).toBe(false);
    emails[0]!.verification = null;
    expect(validateResponse('GetUser', 200, user).ok).toBe(true);
  });

  it('fails a status the operation does not declare', () => {
    expect(validateResponse('GetUser', 418, {})).toEqual({
      ok: false,
      errors: 'GetUser does not declare status 418',
    });
    expect(validateResponse('NoSuchOperation', 200, {}).ok).toBe(false);
  });

  it('accepts ClerkErrors bodies for the 4xx statuses', () => {
    expect(validateResponse('GetUser', 404, clerkErrorsJson()).ok).toBe(true);
    expect(validateResponse('GetUser', 401, clerkErrorsJson('authentication_invalid')).ok).toBe(
      true,
    );
    expect(validateResponse('CreateUser', 422, clerkErrorsJson('form_param_missing')).ok).toBe(
      true,
    );
    expect(validateResponse('CreateUserTOTP', 404, clerkErrorsJson()).ok).toBe(true);
    expect(validateResponse('GetUser', 404, { errors: [{ message: 'x' }] }).ok).toBe(false);
  });

  it('accepts the platform error statuses an operation does not list, with the envelope only', () => {
    // GetJWKS lists 200 only; without a key it answers 401.
    expect(validateResponse('GetJWKS', 401, clerkErrorsJson('authentication_invalid')).ok).toBe(
      true,
    );
    expect(validateResponse('GetJWKS', 401, { keys: [] }).ok).toBe(false);
    expect(validateResponse('GetJWKS', 413, clerkErrorsJson()).ok).toBe(false);
    expect(validateResponse('CreateUser', 413, clerkErrorsJson()).ok).toBe(true);
    expect(validateResponse('GetUserList', 404, clerkErrorsJson()).ok).toBe(false);
    expect(validateResponse('GetPublicInterstitial', 401, clerkErrorsJson()).ok).toBe(false);
    // A POST without body, params or query can still be sent an unreadable body.
    expect(validateResponse('CreateTestingToken', 422, clerkErrorsJson()).ok).toBe(true);
    expect(validateResponse('CreateTestingToken', 415, clerkErrorsJson()).ok).toBe(true);
    expect(validateResponse('CreateTestingToken', 404, clerkErrorsJson()).ok).toBe(false);
  });

  it('treats statuses without a JSON body as bodiless, errors aside', () => {
    expect(validateResponse('DeleteSvixApp', 204, undefined).ok).toBe(true);
    expect(validateResponse('DeleteSvixApp', 204, { deleted: true }).ok).toBe(false);
    expect(validateResponse('GetUser', 200, undefined).ok).toBe(false);
    // VerifyPassword declares 400/404/422 without content; the envelope is still accepted.
    expect(validateResponse('VerifyPassword', 422, clerkErrorsJson()).ok).toBe(true);
  });
});
