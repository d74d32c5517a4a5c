import { describe, expect, it } from 'vitest';
import { ClerkApiError } from '../../../src/errors/clerk-api-error.js';
import { normalizeEmail } from '../../../src/identifiers/email.js';

function errorOf(run: () => unknown): ClerkApiError {
  try {
    run();
  } catch (error) {
    if (error instanceof ClerkApiError) return error;
    throw error;
  }
  throw new Error('expected a ClerkApiError');
}

describe('normalizeEmail', () => {
  it('keeps the address as given, trimmed, and lowercases the key', () => {
    expect(normalizeEmail('  Jane.Doe+Tag@Example.COM \n')).toEqual({
      address: 'Jane.Doe+Tag@Example.COM',
      lower: 'jane.doe+tag@example.com',
    });
  });

  it.each([
    'a@b.co',
    "o'brien@example.ie",
    'user_name-1@sub.domain.example.org',
    'x!#$%&*/=?^`{|}~@example.com',
    'josé@exämple.de',
    'user@xn--bcher-kva.example',
    'user@xn--bcher-kva.xn--p1ai',
  ])('accepts %s', (address) => {
    expect(normalizeEmail(address).address).toBe(address);
  });

  it.each([
    ['no @', 'jane.example.com'],
    ['empty local part', '@example.com'],
    ['two @', 'a@b@example.com'],
    ['no dot in the domain', 'jane@localhost'],
    ['a leading dot', '.jane@example.com'],
    ['two dots in a row', 'ja..ne@example.com'],
    ['a trailing dot in the local part', 'jane.@example.com'],
    ['a space inside', 'ja ne@example.com'],
    ['a quoted local part', '"jane doe"@example.com'],
    ['an IP literal', 'jane@[127.0.0.1]'],
    ['a one-letter top-level domain', 'jane@example.c'],
    ['a numeric top-level domain', 'jane@example.123'],
    ['a label starting with a hyphen', 'jane@-example.com'],
    ['an empty label', 'jane@example..com'],
    ['a 65-character local part', `${'a'.repeat(65)}@example.com`],
    [
      'over 254 bytes',
      `jane@${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(60)}.com`,
    ],
    ['empty', ''],
  ])('refuses an address with %s', (_why, address) => {
    const error = errorOf(() => normalizeEmail(address));
    expect(error.status).toBe(422);
    expect(error.errors[0]).toMatchObject({
      code: 'form_param_format_invalid',
      meta: { param_name: 'email_address' },
      longMessage: 'email_address must be a valid email address.',
    });
  });

  it('reports the parameter it is given', () => {
    const error = errorOf(() => normalizeEmail('nope', 'primary_email_address'));
    expect(error.errors[0]?.meta).toEqual({ param_name: 'primary_email_address' });
  });
});
