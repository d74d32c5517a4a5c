import { describe, expect, it } from 'vitest';
import { fapiOperations, findFapiOperation, validateFapiResponse } from '../src/index.js';

describe('the Frontend API contract (generated from fapi-2021-02-05.yml)', () => {
  it('has the operations clerk-js uses, with their spec paths', () => {
    expect(fapiOperations.createSignIn).toMatchObject({
      method: 'POST',
      path: '/v1/client/sign_ins',
    });
    expect(fapiOperations.getEnvironment).toMatchObject({ method: 'GET', path: '/v1/environment' });
    expect(Object.keys(fapiOperations).length).toBeGreaterThan(100);
  });

  it('finds an operation by method and path; a literal segment beats a parameter', () => {
    expect(findFapiOperation('POST', '/v1/client/sign_ins')).toBe('createSignIn');
    expect(findFapiOperation('get', '/v1/client/sign_ins/sia_1')).toBe('getSignIn');
    expect(findFapiOperation('POST', '/v1/client/sessions/sess_1/tokens')).toBe(
      'createSessionToken',
    );
    expect(findFapiOperation('POST', '/v1/client/sessions/sess_1/tokens/my-template')).toBe(
      'createSessionTokenWithTemplate',
    );
    expect(findFapiOperation('GET', '/v1/client/sign_ins/a/b/c')).toBeUndefined();
    expect(findFapiOperation('PATCH', '/v1/client/sign_ins')).toBeUndefined();
  });

  it('takes a body of the spec and refuses one off it', () => {
    const token = { object: 'token', jwt: 'eyJ.x.y' };
    expect(validateFapiResponse('POST', '/v1/client/sessions/s/tokens', 200, token)).toEqual({
      ok: true,
      errors: '',
    });
    const wrong = validateFapiResponse('POST', '/v1/client/sessions/s/tokens', 200, { jwt: 1 });
    expect(wrong.ok).toBe(false);
    expect(wrong.errors).toContain('createSessionToken 200');
  });

  it('checks every error as Clerk’s envelope, declared or not; an undeclared success fails', () => {
    const envelope = {
      errors: [{ code: 'form_param_missing', message: 'm', long_message: 'l', meta: {} }],
      clerk_trace_id: 'abc',
    };
    expect(validateFapiResponse('POST', '/v1/dev_browser', 400, envelope).ok).toBe(true);
    expect(validateFapiResponse('POST', '/v1/client/sign_ins', 429, envelope).ok).toBe(true);
    expect(validateFapiResponse('POST', '/v1/client/sign_ins', 422, { error: 'x' }).ok).toBe(false);
    expect(validateFapiResponse('POST', '/v1/client/sign_ins', 201, {}).errors).toContain(
      'status not declared',
    );
    expect(validateFapiResponse('GET', '/v1/nowhere', 200, {}).ok).toBe(false);
  });
});
