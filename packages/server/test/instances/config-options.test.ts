import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyInstanceConfig } from '../../src/instances/instance-config-apply.js';
import { readInstanceConfigOptions } from '../../src/instances/instance-config-options.js';
import { validateInstanceConfig } from '../../src/instances/instance-config-schema.js';

describe('instance configuration: file, environment and options', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'castellan-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string) => {
    const at = path.join(dir, name);
    writeFileSync(at, content);
    return at;
  };

  it('reads the file, then the environment, then the options, key by key', () => {
    const config = file(
      'config.json',
      JSON.stringify({
        sessions: { lifetime_seconds: 3600, multi_session: true },
        identifiers: { email_address: 'required' },
        organization_settings: { domains_enrollment_modes: ['automatic_invitation'] },
      }),
    );
    expect(
      readInstanceConfigOptions(
        { config, 'session-lifetime': '7200', 'session-inactivity-timeout': 'none' },
        {
          CASTELLAN_SESSION_LIFETIME: '5400',
          CASTELLAN_MULTI_SESSION: '0',
          CASTELLAN_IDENTIFIER_USERNAME: 'off',
        },
      ),
    ).toEqual({
      sessions: { lifetime_seconds: 7200, multi_session: false, inactivity_timeout_seconds: null },
      identifiers: { email_address: 'required', username: 'off' },
      organization_settings: { domains_enrollment_modes: ['automatic_invitation'] },
    });
    expect(readInstanceConfigOptions({}, { CASTELLAN_CONFIG: config }).sessions).toEqual({
      lifetime_seconds: 3600,
      multi_session: true,
    });
    expect(readInstanceConfigOptions({}, {})).toEqual({});
  });

  it('refuses unknown sections and keys, wrong types and out-of-range values, naming them', () => {
    const cases: [unknown, string][] = [
      [[], 'f.json: expected a JSON object'],
      [
        { session: {} },
        'f.json: unknown section "session" (expected identifiers, password_settings, sessions, organization_settings)',
      ],
      [
        { sessions: { lifetime: 1 } },
        'f.json: unknown key sessions.lifetime (expected lifetime_seconds,',
      ],
      [{ sessions: [] }, 'f.json: sessions: expected an object'],
      [
        { sessions: { lifetime_seconds: '3600' } },
        'f.json: sessions.lifetime_seconds must be an integer from 60 to 315360000, not "3600"',
      ],
      [{ sessions: { lifetime_seconds: 59 } }, 'must be an integer from 60 to 315360000, not 59'],
      [{ sessions: { lifetime_seconds: null } }, 'not null'],
      [
        { sessions: { multi_session: 'yes' } },
        'sessions.multi_session must be true or false, not "yes"',
      ],
      [
        { identifiers: { username: 'on' } },
        'identifiers.username must be required, optional, off, not "on"',
      ],
      [
        { password_settings: { min_length: 73 } },
        'password_settings.min_length must be an integer from 1 to 72',
      ],
      [{ password_settings: { min_length: 8.5 } }, 'not 8.5'],
      [
        { organization_settings: { creator_role: 'admin role' } },
        'organization_settings.creator_role must be a role key',
      ],
      [
        {
          organization_settings: {
            domains_enrollment_modes: ['manual_invitation', 'manual_invitation'],
          },
        },
        'must be a list of',
      ],
      [{ constructor: {} }, 'unknown section "constructor"'],
      [{ sessions: { toString: 1 } }, 'unknown key sessions.toString'],
    ];
    for (const [document, message] of cases)
      expect(() => validateInstanceConfig(document, 'f.json'), JSON.stringify(document)).toThrow(
        message,
      );
  });

  it('names the option or variable at fault, and the file that cannot be read', () => {
    expect(() => readInstanceConfigOptions({ 'token-lifetime': 'abc' }, {})).toThrow(
      '--token-lifetime: sessions.token_lifetime_seconds must be an integer from 30 to 315360000, not "abc"',
    );
    expect(() => readInstanceConfigOptions({}, { CASTELLAN_PASSWORD_REQUIRED: 'yes' })).toThrow(
      'CASTELLAN_PASSWORD_REQUIRED: password_settings.required must be true or false, not "yes"',
    );
    expect(() => readInstanceConfigOptions({ config: path.join(dir, 'missing.json') }, {})).toThrow(
      `--config: cannot read ${path.join(dir, 'missing.json')} (ENOENT)`,
    );
    const broken = file('broken.json', '{"sessions": ');
    expect(() => readInstanceConfigOptions({ config: broken }, {})).toThrow(`${broken}: not JSON`);
  });

  it('applies key by key over what is stored, and checks rules across keys on the result', () => {
    const stored = { sessions: { lifetime_seconds: 100, multi_session: true }, other: { kept: 1 } };
    expect(applyInstanceConfig(stored, { sessions: { lifetime_seconds: 200 } })).toEqual({
      sessions: { lifetime_seconds: 200, multi_session: true },
      other: { kept: 1 },
    });
    expect(() =>
      applyInstanceConfig(
        { password_settings: { max_length: 10 } },
        { password_settings: { min_length: 12 } },
      ),
    ).toThrow('password_settings: min_length (12) is more than max_length (10)');
    expect(() =>
      applyInstanceConfig(
        { identifiers: { email_address: 'off', phone_number: 'off' } },
        { identifiers: { username: 'off', web3_wallet: 'off' } },
      ),
    ).toThrow(
      'identifiers: at least one of email_address, phone_number, username, web3_wallet must not be off',
    );
  });
});
