/**
 * Clerk's test identifiers (clerk.com/docs/testing/test-emails-and-phones): with test mode
 * on, an email address with the `+clerk_test` subaddress and a fictional North American
 * number, `+1 (XXX) 555-0100` to `555-0199`, are verified with the code `424242` and no
 * message is sent to them.
 */
export const TEST_CODE = '424242';

const TEST_EMAIL = /\+clerk_test(?:[+=#.\-_][^@]*)?@[^@]+$/i;
const TEST_PHONE = /^\+1\d{3}55501\d{2}$/;

export function isTestIdentifier(kind: 'email' | 'phone', address: string): boolean {
  return kind === 'email' ? TEST_EMAIL.test(address) : TEST_PHONE.test(address);
}
