import { describe, expect, it } from 'vitest';
import { HELP, readConfig } from '../../../src/config.js';

describe('SMTP configuration', () => {
  it('reads SMTP_URL and SMTP_FROM from the environment; empty means unset', () => {
    const config = readConfig([], {
      SMTP_URL: 'smtp://mailer:secret@127.0.0.1:2525',
      SMTP_FROM: 'Acme <auth@acme.test>',
    });
    expect(config.smtpUrl).toBe('smtp://mailer:secret@127.0.0.1:2525');
    expect(config.smtpFrom).toBe('Acme <auth@acme.test>');
    expect(readConfig([], { SMTP_URL: '' })).toMatchObject({
      smtpUrl: undefined,
      smtpFrom: undefined,
    });
  });

  it('is documented in the help', () => {
    expect(HELP).toContain('SMTP_URL');
    expect(HELP).toContain('SMTP_FROM');
  });
});
