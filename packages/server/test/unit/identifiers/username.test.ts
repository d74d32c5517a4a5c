import { describe, expect, it } from 'vitest';
import { ClerkApiError } from '../../../src/errors/clerk-api-error.js';
import { normalizeUsername } from '../../../src/identifiers/username.js';

function codeOf(raw: string, paramName?: string) {
  try {
    normalizeUsername(raw, paramName);
  } catch (e) {
    expect(e).toBeInstanceOf(ClerkApiError);
    const { status, errors } = e as ClerkApiError;
    return { status, code: errors[0]?.code, meta: errors[0]?.meta };
  }
  throw new Error('expected a ClerkApiError');
}

describe('normalizeUsername', () => {
  it('keeps the username as given, trimmed, and lowercases the key', () => {
    expect(normalizeUsername('  Jane_Doe-42 ')).toEqual({
      username: 'Jane_Doe-42',
      lower: 'jane_doe-42',
    });
  });

  it('accepts exactly 4 and exactly 64 characters', () => {
    expect(normalizeUsername('abcd').username).toBe('abcd');
    expect(normalizeUsername('a'.repeat(64)).username).toHaveLength(64);
    expect(normalizeUsername('1234').lower).toBe('1234');
  });

  it.each(['abc', 'a'.repeat(65), '', '   '])(
    'refuses %j with form_username_invalid_length',
    (raw) => {
      expect(codeOf(raw)).toEqual({
        status: 422,
        code: 'form_username_invalid_length',
        meta: { param_name: 'username' },
      });
    },
  );

  it.each([
    'jane doe',
    'jane.doe',
    'jane@doe',
    'jäne_doe',
    'jane+doe',
    'имяпользователя',
    'user🙂name',
  ])('refuses %j with form_username_invalid_character', (raw) => {
    expect(codeOf(raw)).toEqual({
      status: 422,
      code: 'form_username_invalid_character',
      meta: { param_name: 'username' },
    });
  });

  it('reports the parameter it is given', () => {
    expect(codeOf('ab', 'new_username').meta).toEqual({ param_name: 'new_username' });
  });
});
