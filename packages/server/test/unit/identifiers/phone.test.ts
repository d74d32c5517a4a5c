import { describe, expect, it } from 'vitest';
import { ClerkApiError } from '../../../src/errors/clerk-api-error.js';
import { normalizePhone } from '../../../src/identifiers/phone.js';

describe('normalizePhone', () => {
  it.each([
    ['+14155552671', '+14155552671'],
    ['  +1 (415) 555-2671 ', '+14155552671'],
    ['+1.415.555.2671', '+14155552671'],
    ['+44 7911 123456', '+447911123456'],
    ['+33 6 12 34 56 78', '+33612345678'],
    ['+49 151 12345678', '+4915112345678'],
    ['+1 201 555 0123', '+12015550123'], // Clerk's test-number range +1 XXX 555-01XX
  ])('reads %j as %s', (raw, e164) => {
    expect(normalizePhone(raw)).toBe(e164);
  });

  it.each([
    ['no +', '14155552671'],
    ['a national number', '(415) 555-2671'],
    ['a 00 prefix', '0014155552671'],
    ['letters', '+1 415 CALL NOW'],
    ['an extension', '+1 415 555 2671 ext 12'],
    ['too few digits', '+1 415'],
    ['too many digits', '+1415555267112345'],
    ['an unassigned country code', '+999 1234 5678'],
    ['a number outside the numbering plan', '+1 555 555 5555'],
    ['a lone +', '+'],
    ['empty', ''],
  ])('refuses %s', (_why, raw) => {
    let error: unknown;
    try {
      normalizePhone(raw);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ClerkApiError);
    expect((error as ClerkApiError).status).toBe(422);
    expect((error as ClerkApiError).errors[0]).toMatchObject({
      code: 'form_param_format_invalid',
      meta: { param_name: 'phone_number' },
    });
  });

  it('reports the parameter it is given', () => {
    try {
      normalizePhone('123', 'primary_phone_number');
    } catch (e) {
      expect((e as ClerkApiError).errors[0]?.meta).toEqual({ param_name: 'primary_phone_number' });
      return;
    }
    throw new Error('expected a ClerkApiError');
  });
});
