import { describe, expect, it } from 'vitest';
import { ClerkApiError } from '../../src/errors/clerk-api-error.js';
import { compileClaims, renderClaims } from '../../src/jwt-templates/template-claims.js';
import type { TemplateTokenSubject } from '../../src/jwt-templates/template-shortcodes.js';

type User = TemplateTokenSubject['user'];

/** The user of Clerk's "complete example", with a verified phone and no last sign-in. */
function subjectOf(
  overrides: Partial<User> = {},
  more: Partial<TemplateTokenSubject> = {},
): TemplateTokenSubject {
  const user = {
    id: 'user_abcdef123456789',
    object: 'user',
    external_id: 'ext-42',
    primary_email_address_id: 'idn_email',
    primary_phone_number_id: 'idn_phone',
    primary_web3_wallet_id: null,
    username: 'maria',
    first_name: 'Maria',
    last_name: 'Doe',
    image_url: 'https://example.com/avatar.jpg',
    has_image: true,
    public_metadata: { profile: { interests: ['reading', 'climbing'] }, age: 0 },
    unsafe_metadata: { foo: { bar: 42 } },
    email_addresses: [
      {
        id: 'idn_email',
        email_address: 'maria@example.com',
        verification: { status: 'verified' },
      },
    ],
    phone_numbers: [
      { id: 'idn_phone', phone_number: '+15555550100', verification: { status: 'unverified' } },
    ],
    web3_wallets: [],
    two_factor_enabled: false,
    created_at: 1_227_618_844_123,
    updated_at: 1_700_000_000_999,
    last_sign_in_at: null,
    ...overrides,
  } as unknown as User;
  return {
    user,
    session: { id: 'sess_1', actor: null, fva: null },
    organization: null,
    azp: undefined,
    ...more,
  };
}

const render = (claims: Record<string, unknown>, subject = subjectOf()) =>
  renderClaims(compileClaims(claims), subject);

/** The 422 a template is refused with: its code, parameter and long message. */
function refusal(claims: Record<string, unknown>) {
  try {
    compileClaims(claims);
  } catch (error) {
    expect(error).toBeInstanceOf(ClerkApiError);
    const item = (error as ClerkApiError).errors[0]!;
    expect((error as ClerkApiError).status).toBe(422);
    return { code: item.code, param: item.meta?.param_name, message: item.longMessage };
  }
  throw new Error('the claims were accepted');
}

describe('JWT template claims', () => {
  it("renders Clerk's complete example", () => {
    expect(
      render({
        aud: 'https://my-site.com',
        version: 1,
        foo: { bar: [1, 2, 3] },
        user_id: '{{user.id}}',
        avatar: '{{user.image_url}}',
        full_name: '{{user.last_name}} {{user.first_name}} ',
        email: '{{user.primary_email_address}}',
        registration_date: '{{user.created_at}}',
        likes_to_do: '{{user.public_metadata.profile.interests}}',
        unsafe_meta: '{{user.unsafe_metadata}}',
      }),
    ).toEqual({
      aud: 'https://my-site.com',
      version: 1,
      foo: { bar: [1, 2, 3] },
      user_id: 'user_abcdef123456789',
      avatar: 'https://example.com/avatar.jpg',
      full_name: 'Doe Maria',
      email: 'maria@example.com',
      registration_date: 1_227_618_844,
      likes_to_do: ['reading', 'climbing'],
      unsafe_meta: { foo: { bar: 42 } },
    });
  });

  it('keeps the JSON type of a value that is exactly one shortcode', () => {
    expect(
      render({
        verified: '{{user.email_verified}}',
        phone_verified: '{{ user.phone_number_verified }}',
        image: '{{user.has_image}}',
        mfa: '{{user.two_factor_enabled}}',
        meta: '{{user.public_metadata}}',
        age: '{{user.public_metadata.age}}',
        missing: '{{user.public_metadata.nope.deeper}}',
        length: '{{user.public_metadata.profile.interests.length}}',
        second: '{{user.public_metadata.profile.interests.1}}',
        last: '{{user.last_sign_in_at}}',
        updated: '{{user.updated_at}}',
      }),
    ).toEqual({
      verified: true,
      phone_verified: false,
      image: true,
      mfa: false,
      meta: { profile: { interests: ['reading', 'climbing'] }, age: 0 },
      age: 0,
      missing: null,
      length: null,
      second: 'climbing',
      last: null,
      updated: 1_700_000_000,
    });
  });

  it('reads every user field Clerk documents', () => {
    const subject = subjectOf({
      primary_web3_wallet_id: 'idn_w',
      web3_wallets: [{ id: 'idn_w', web3_wallet: '0xabc' }] as unknown as User['web3_wallets'],
      last_sign_in_at: 1_800_000_000_500,
    });
    expect(
      render(
        {
          a: '{{user.external_id}}',
          b: '{{user.full_name}}',
          c: '{{user.username}}',
          d: '{{user.primary_phone_address}}',
          e: '{{user.primary_web3_wallet}}',
          f: '{{user.last_sign_in_at}}',
          g: '{{user.first_name}}',
        },
        subject,
      ),
    ).toEqual({
      a: 'ext-42',
      b: 'Maria Doe',
      c: 'maria',
      d: '+15555550100',
      e: '0xabc',
      f: 1_800_000_000,
      g: 'Maria',
    });
  });

  it('interpolates shortcodes inside a longer string as text, null as "null"', () => {
    const subject = subjectOf({ last_name: null });
    expect(
      render(
        {
          name: '{{user.last_name}} {{user.first_name}}',
          greeting: 'Hi {{user.first_name}}, you are {{user.public_metadata.age}}!',
          json: 'meta={{user.unsafe_metadata}}',
          bool: 'verified:{{user.email_verified}}',
        },
        subject,
      ),
    ).toEqual({
      name: 'null Maria',
      greeting: 'Hi Maria, you are 0!',
      json: 'meta={"foo":{"bar":42}}',
      bool: 'verified:true',
    });
  });

  it('falls back with || to the first operand neither null nor false, else the last', () => {
    const subject = subjectOf({ first_name: null, last_name: null });
    expect(
      render(
        {
          has_contact: '{{user.email_verified || user.phone_number_verified}}',
          contact_flip: '{{user.phone_number_verified || user.email_verified}}',
          full_name: "{{user.full_name || 'Awesome User'}}",
          quoted: '{{user.full_name || "Double || Quoted"}}',
          age: '{{user.public_metadata.nope || user.unsafe_metadata.nope || 30 }}',
          zero: '{{user.public_metadata.age || 7}}',
          all_falsy: '{{user.phone_number_verified || user.first_name}}',
          last_false: '{{user.first_name || false}}',
          literal_true: '{{user.phone_number_verified || true}}',
          in_text: "Hello {{user.first_name || 'stranger'}}",
          negative: '{{user.last_name || -1.5e2}}',
        },
        subject,
      ),
    ).toEqual({
      has_contact: true,
      contact_flip: true,
      full_name: 'Awesome User',
      quoted: 'Double || Quoted',
      age: 30,
      zero: 0,
      all_falsy: null,
      last_false: false,
      literal_true: true,
      in_text: 'Hello stranger',
      negative: -150,
    });
  });

  it('walks nested objects and arrays, leaving static values as they are', () => {
    expect(
      render({
        deep: { list: ['{{user.id}}', { x: '{{user.username}}' }, 3, null, true], n: 1.5 },
        plain: '  static text kept as it is  ',
        braces: 'a } b }} c',
      }),
    ).toEqual({
      deep: { list: ['user_abcdef123456789', { x: 'maria' }, 3, null, true], n: 1.5 },
      plain: '  static text kept as it is  ',
      braces: 'a } b }} c',
    });
  });

  it('reads the active organization, and null for every org shortcode without one', () => {
    const claims = {
      org: {
        id: '{{org.id}}',
        name: '{{org.name}}',
        slug: '{{org.slug}}',
        image: '{{org.image_url}}',
        role: '{{org.role}}',
        permissions: '{{org.permissions}}',
        tier: '{{org.public_metadata.tier}}',
        meta: '{{org.public_metadata}}',
      },
      role_or_guest: "{{org.role || 'guest'}}",
    };
    expect(render(claims)).toEqual({
      org: {
        id: null,
        name: null,
        slug: null,
        image: null,
        role: null,
        permissions: null,
        tier: null,
        meta: null,
      },
      role_or_guest: 'guest',
    });
    const organization = {
      id: 'org_1',
      name: 'Acme',
      slug: 'acme',
      image_url: 'https://img.example/acme.png',
      role: 'org:admin',
      permissions: ['org:sys_memberships:manage'],
      public_metadata: { tier: 'gold' },
    };
    expect(render(claims, subjectOf({}, { organization }))).toEqual({
      org: {
        id: 'org_1',
        name: 'Acme',
        slug: 'acme',
        image: 'https://img.example/acme.png',
        role: 'org:admin',
        permissions: ['org:sys_memberships:manage'],
        tier: 'gold',
        meta: { tier: 'gold' },
      },
      role_or_guest: 'org:admin',
    });
  });

  it('reads the session: its id and its actor (impersonation), nested keys included', () => {
    const claims = { sid: '{{session.id}}', act: '{{session.actor}}', by: '{{session.actor.sub}}' };
    expect(render(claims)).toEqual({ sid: 'sess_1', act: null, by: null });
    const session = { id: 'sess_2', actor: { sub: 'user_admin' }, fva: null };
    expect(render(claims, subjectOf({}, { session }))).toEqual({
      sid: 'sess_2',
      act: { sub: 'user_admin' },
      by: 'user_admin',
    });
  });

  it('refuses each reserved claim at the top level, but not nested', () => {
    for (const claim of ['azp', 'exp', 'iat', 'iss', 'jti', 'nbf', 'sub']) {
      expect(refusal({ [claim]: 'x' })).toEqual({
        code: 'form_param_value_invalid',
        param: `claims.${claim}`,
        message: `${claim} is a reserved claim: every token carries it, so a template cannot set it.`,
      });
    }
    expect(render({ nested: { sub: 'fine', exp: 1 } })).toEqual({
      nested: { sub: 'fine', exp: 1 },
    });
  });

  it('refuses an unknown or malformed shortcode, naming the claim', () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ a: '{{user.i_dont_exist}}' }, 'claims.a', 'not a known shortcode'],
      [{ a: { b: ['ok', '{{users.id}}'] } }, 'claims.a.b[1]', 'start with user., org. or session.'],
      [{ a: 'x {{user.first_name}} {{org.nope}}' }, 'claims.a', 'not a known shortcode'],
      [{ a: '{{user.first_name.x}}' }, 'claims.a', 'user.first_name has no nested fields'],
      [{ a: '{{user.public_metadata..x}}' }, 'claims.a', 'has an empty key'],
      [{ a: '{{}}' }, 'claims.a', 'empty operand'],
      [{ a: '{{user.id || }}' }, 'claims.a', 'empty operand'],
      [{ a: '{{user.id' }, 'claims.a', 'never closed'],
      [{ a: 'x {{user.id}} {{ y' }, 'claims.a', 'never closed'],
      [{ a: '{{user.id || null}}' }, 'claims.a', 'uses null as a literal'],
      [{ a: "{{user.id || 'open}}" }, 'claims.a', 'an operand is a shortcode'],
      [{ a: '{{user.id || [1]}}' }, 'claims.a', 'an operand is a shortcode'],
      [{ a: '{{user.private_metadata}}' }, 'claims.a', 'not a known shortcode'],
      [{ a: '{{constructor}}' }, 'claims.a', 'start with user., org. or session.'],
      [{ a: '{{user.__proto__}}' }, 'claims.a', 'not a known shortcode'],
    ];
    for (const [claims, param, fragment] of cases) {
      const error = refusal(claims);
      expect(error.code).toBe('form_param_value_invalid');
      expect(error.param).toBe(param);
      expect(error.message).toContain(fragment);
    }
  });
});
