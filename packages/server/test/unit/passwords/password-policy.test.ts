import { describe, expect, it } from 'vitest';
import { ClerkApiError } from '../../../src/errors/clerk-api-error.js';
import { isCommonPassword } from '../../../src/passwords/common-passwords.js';
import {
  checkNewPassword,
  DEFAULT_PASSWORD_POLICY,
  type PasswordPolicy,
} from '../../../src/passwords/password-policy.js';

async function rejection(password: string, skipChecks = false) {
  const error = await checkNewPassword(password, { skipChecks }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ClerkApiError);
  const { status, errors } = error as ClerkApiError;
  return {
    status,
    code: errors[0]?.code,
    meta: errors[0]?.meta,
    longMessage: errors[0]?.longMessage,
  };
}

describe('checkNewPassword', () => {
  it('accepts a long, uncommon password', async () => {
    await expect(checkNewPassword('correct horse battery staple')).resolves.toBeUndefined();
  });

  it('when shorter than 8 characters, answers 422 form_password_length_too_short on password', async () => {
    expect(await rejection('x7#Kq2!')).toEqual({
      status: 422,
      code: 'form_password_length_too_short',
      meta: { param_name: 'password' },
      longMessage: 'Passwords must be 8 characters or more.',
    });
  });

  it('counts characters, not UTF-16 units or bytes, toward the minimum', async () => {
    // 7 emoji: 14 UTF-16 units and 28 bytes, still 7 characters.
    expect((await rejection('🔐🔑🚪🏰🗡🎲🧩')).code).toBe('form_password_length_too_short');
    await expect(checkNewPassword('ünïcødé-pässwörd')).resolves.toBeUndefined();
  });

  it('accepts exactly 72 bytes of UTF-8', async () => {
    await expect(checkNewPassword('é'.repeat(36))).resolves.toBeUndefined();
    await expect(checkNewPassword('q'.repeat(72))).resolves.toBeUndefined();
  });

  it('when over 72 bytes, answers form_password_size_in_bytes_exceeded, even in under 72 characters', async () => {
    expect((await rejection('q'.repeat(73))).code).toBe('form_password_size_in_bytes_exceeded');
    const multibyte = await rejection('é'.repeat(36) + 'x'); // 37 characters, 73 bytes
    expect(multibyte).toMatchObject({
      status: 422,
      code: 'form_password_size_in_bytes_exceeded',
      meta: { param_name: 'password' },
    });
  });

  it('when on the common-password list, answers form_password_pwned', async () => {
    expect(await rejection('password1')).toMatchObject({
      status: 422,
      code: 'form_password_pwned',
      meta: { param_name: 'password' },
    });
  });

  it('matches the common-password list case-insensitively', async () => {
    expect((await rejection('PassWord1')).code).toBe('form_password_pwned');
    expect((await rejection('ILOVEYOU1')).code).toBe('form_password_pwned');
  });

  it('with skip checks, accepts short and common passwords', async () => {
    await expect(checkNewPassword('1234', { skipChecks: true })).resolves.toBeUndefined();
    await expect(checkNewPassword('password1', { skipChecks: true })).resolves.toBeUndefined();
  });

  it('with skip checks, still refuses an empty password and anything over 72 bytes', async () => {
    expect((await rejection('', true)).code).toBe('form_password_length_too_short');
    expect((await rejection('q'.repeat(73), true)).code).toBe(
      'form_password_size_in_bytes_exceeded',
    );
    expect((await rejection('ß'.repeat(37), true)).code).toBe(
      'form_password_size_in_bytes_exceeded',
    );
  });

  it('reports the parameter it is given', async () => {
    const error = (await checkNewPassword('short', { paramName: 'new_password' }).catch(
      (e: unknown) => e,
    )) as ClerkApiError;
    expect(error.errors[0]?.meta).toEqual({ param_name: 'new_password' });
  });
});

describe('checkNewPassword with an instance policy', () => {
  const strict = {
    ...DEFAULT_PASSWORD_POLICY,
    min_length: 10,
    max_length: 12,
    require_uppercase: true,
    require_lowercase: true,
    require_numbers: true,
    require_special_char: true,
  };
  const codeOf = async (password: string, policy: PasswordPolicy, skipChecks = false) =>
    (
      (await checkNewPassword(password, { policy, skipChecks }).catch((e: unknown) => e)) as
        ClerkApiError | undefined
    )?.errors[0]?.code;

  it('applies each rule, counting characters (code points), and names the lengths', async () => {
    expect(await codeOf('Ab1-56789', strict)).toBe('form_password_length_too_short');
    expect(await codeOf('Ab1-567890123', strict)).toBe('form_password_length_too_long');
    expect(await codeOf('ab1-567890', strict)).toBe('form_password_no_uppercase');
    expect(await codeOf('AB1-567890', strict)).toBe('form_password_no_lowercase');
    expect(await codeOf('Abc-efghij', strict)).toBe('form_password_no_number');
    expect(await codeOf('Abc1efghij', strict)).toBe('form_password_no_special_char');
    expect(await codeOf('Ébc1 fghij', strict)).toBeUndefined();
    expect(await codeOf('😀😀😀😀😀Ab1-x', strict)).toBeUndefined(); // 10 characters, 29 bytes
    const error = (await checkNewPassword('Ab1-5', { policy: strict }).catch(
      (e: unknown) => e,
    )) as ClerkApiError;
    expect(error.errors[0]?.longMessage).toBe('Passwords must be 10 characters or more.');
  });

  it('disable_hibp accepts a common password; skip checks skips the policy, not the 72 bytes', async () => {
    expect(await codeOf('password1', DEFAULT_PASSWORD_POLICY)).toBe('form_password_pwned');
    expect(
      await codeOf('password1', { ...DEFAULT_PASSWORD_POLICY, disable_hibp: true }),
    ).toBeUndefined();
    expect(await codeOf('x', strict, true)).toBeUndefined();
    expect(await codeOf('q'.repeat(73), { ...strict, max_length: 72 }, true)).toBe(
      'form_password_size_in_bytes_exceeded',
    );
  });
});

describe('isCommonPassword', () => {
  it('loads the list once and answers from it', async () => {
    const [a, b] = await Promise.all([isCommonPassword('qwerty'), isCommonPassword('Dragon')]);
    expect([a, b]).toEqual([true, true]);
    expect(await isCommonPassword('tr0ub4dor&3-not-on-any-list')).toBe(false);
  });
});
