import fc from 'fast-check';
import type { FapiRoute } from '../../src/frontend-api/fapi-context.js';
import { hostileString } from './arbitraries.js';
import { percentEncode } from './raw-json.js';

/** A Frontend API request as a browser (or an attacker pretending to be one) sends it. */
export interface FapiFuzzRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

/** Values seen so far, by name (`sign_in_id`, `dev_browser`, …): requests aim at real things too. */
export type FapiKnown = Map<string, string[]>;

/**
 * The form fields clerk-js sends to the routes it uses (sign-in, sign-up, sessions, tokens,
 * handshake), snake_case as on the wire. A request sends a handful of them, with plausible
 * or hostile values; the rest of the spec's fields are unknown to the route and ignored.
 */
const FIELDS = [
  'identifier',
  'password',
  'strategy',
  'code',
  'email_address',
  'email_address_id',
  'phone_number',
  'phone_number_id',
  'username',
  'first_name',
  'last_name',
  'unsafe_metadata',
  'legal_accepted',
  'locale',
  'timezone',
  'redirect_url',
  'action_complete_redirect_url',
  'transfer',
  'ticket',
  'organization_id',
  'active_organization_id',
  'intent',
  'tab_state',
  'sign_out_all_sessions',
  'backup_code',
  'format',
  'suffixed_cookies',
] as const;

/** Values that reach past the first check: the strategies, intents and codes clerk-js uses. */
const PLAUSIBLE: Partial<Record<(typeof FIELDS)[number], fc.Arbitrary<string>>> = {
  strategy: fc.constantFrom(
    'password',
    'email_code',
    'phone_code',
    'totp',
    'backup_code',
    'reset_password_email_code',
    'email_link',
    'oauth_google',
    'ticket',
  ),
  code: fc.constantFrom('424242', '000000', '123456', '1', '9999999'),
  intent: fc.constantFrom('select_session', 'select_org', 'focus', 'touch'),
  legal_accepted: fc.constantFrom('true', 'false', ''),
  email_address: fc.constantFrom('fuzz+clerk_test@example.com', 'fuzz@example.com', 'not-an-email'),
  identifier: fc.constantFrom(
    'fuzz.seed+clerk_test@example.com',
    'nobody@example.com',
    '+15555550123',
  ),
  password: fc.constantFrom('correct-horse-battery-staple-42', 'short', ''),
  unsafe_metadata: fc.constantFrom('{"a":1}', '[1,2]', '{', 'null'),
  format: fc.constantFrom('token', 'nonce', 'cookie'),
  redirect_url: fc.constantFrom(
    'http://127.0.0.1:3000/after',
    'https://evil.example/',
    'javascript:alert(1)',
  ),
};

function fieldValue(name: string, known: FapiKnown): fc.Arbitrary<string | string[]> {
  const seen = known.get(name) ?? [];
  return fc.oneof(
    {
      weight: seen.length ? 3 : 0,
      arbitrary: seen.length ? fc.constantFrom(...seen) : fc.constant(''),
    },
    {
      weight: 3,
      arbitrary: PLAUSIBLE[name as (typeof FIELDS)[number]] ?? fc.constant('value'),
    },
    { weight: 3, arbitrary: hostileString },
    // Repeated keys (`a=1&a=2`) arrive as an array.
    { weight: 1, arbitrary: fc.array(hostileString, { minLength: 2, maxLength: 3 }) },
  );
}

function encodeForm(fields: Record<string, string | string[]>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) search.append(key, v);
  }
  return search.toString();
}

/** A body: a form of known fields (most often), JSON, or bytes that are neither. */
function bodyOf(known: FapiKnown): fc.Arbitrary<{ payload: string; contentType: string }> {
  const fields = fc
    .uniqueArray(fc.constantFrom(...FIELDS), { maxLength: 6 })
    .chain((names) =>
      fc.tuple(...names.map((n) => fieldValue(n, known).map((v) => [n, v] as const))),
    )
    .map((pairs) => Object.fromEntries(pairs) as Record<string, string | string[]>);
  return fc.oneof(
    {
      weight: 8,
      arbitrary: fields.map((f) => ({
        payload: encodeForm(f),
        contentType: 'application/x-www-form-urlencoded',
      })),
    },
    {
      weight: 1,
      arbitrary: fields.map((f) => ({
        payload: JSON.stringify(f),
        contentType: 'application/json',
      })),
    },
    {
      weight: 1,
      arbitrary: fc.oneof(
        hostileString.map((s) => ({
          payload: s,
          contentType: 'application/x-www-form-urlencoded',
        })),
        fc.constantFrom(
          { payload: '{"identifier":', contentType: 'application/json' },
          { payload: '%E0%A4%A=1&&==&a', contentType: 'application/x-www-form-urlencoded' },
          { payload: 'identifier=a', contentType: 'text/plain' },
          { payload: '[]', contentType: 'application/json' },
          { payload: 'null', contentType: 'application/json' },
        ),
      ),
    },
  );
}

/** A path parameter: a value seen (a real sign-in, session …), one of the right shape, or junk. */
function paramValue(name: string, known: FapiKnown): fc.Arbitrary<string> {
  const seen = known.get(name) ?? [];
  const prefix = { sign_in_id: 'sia', sign_up_id: 'sua', session_id: 'sess' }[name] ?? 'x';
  return fc.oneof(
    {
      weight: seen.length ? 6 : 0,
      arbitrary: seen.length ? fc.constantFrom(...seen) : fc.constant(''),
    },
    { weight: 2, arbitrary: fc.stringMatching(/^[0-9A-Za-z]{27}$/).map((s) => `${prefix}_${s}`) },
    { weight: 2, arbitrary: hostileString.map(percentEncode).filter((v) => v !== '') },
    { weight: 1, arbitrary: fc.constantFrom('%FF', '%', '%00', 'a%2Fb', 'x'.repeat(300)) },
  );
}

/** Who the request says it is: the seeded browser, another one, a forged token, nobody. */
function identityOf(
  known: FapiKnown,
): fc.Arbitrary<{ query: Record<string, string>; headers: Record<string, string> }> {
  const tokens = known.get('dev_browser') ?? [];
  const none = { query: {}, headers: {} };
  return fc.oneof(
    {
      weight: tokens.length ? 6 : 0,
      arbitrary: (tokens.length ? fc.constantFrom(...tokens) : fc.constant('')).map((t) => ({
        query: { __clerk_db_jwt: t },
        headers: {},
      })),
    },
    { weight: 1, arbitrary: fc.constant(none) },
    {
      weight: 1,
      arbitrary: hostileString.map((t) => ({ query: { __clerk_db_jwt: t }, headers: {} })),
    },
    {
      weight: 1,
      arbitrary: hostileString.map((t) => ({
        query: {},
        headers: { cookie: `__client=${encodeURIComponent(t)}` },
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('https://evil.example', 'null', 'http://127.0.0.1:3000')
        .map((origin) => ({ query: {}, headers: { origin } })),
    },
  );
}

/**
 * Requests for one route under `base` (`/__clerk/<instance id>`): its method as such, or as
 * clerk-js sends it (POST with `?_method=`), with any identity, query and body.
 */
export function fapiRequestsFor(
  route: FapiRoute,
  base: string,
  known: FapiKnown,
): fc.Arbitrary<FapiFuzzRequest> {
  const names = [...route.path.matchAll(/:([a-z_]+)/g)].map((m) => m[1]!);
  const params = fc.tuple(...names.map((n) => paramValue(n, known)));
  const extraQuery = fc.oneof(
    { weight: 4, arbitrary: fc.constant<Record<string, string>>({}) },
    {
      weight: 1,
      arbitrary: fc.record({
        _clerk_session_id: paramValue('session_id', known),
        __clerk_api_version: fc.constantFrom('2026-08-20', '2021-02-05', 'garbage'),
      }),
    },
    // Form fields in the query too (a GET's only input: the handshake's redirect_url, format).
    {
      weight: 2,
      arbitrary: fc
        .uniqueArray(fc.constantFrom(...FIELDS), { minLength: 1, maxLength: 3 })
        .chain((names) =>
          fc.tuple(
            ...names.map((n) =>
              fieldValue(n, known).map((v) => [n, Array.isArray(v) ? (v[0] ?? '') : v] as const),
            ),
          ),
        )
        .map((pairs) => Object.fromEntries(pairs) as Record<string, string>),
    },
  );
  const viaOverride = route.method !== 'GET' && route.method !== 'POST';
  return fc
    .record({
      values: params,
      identity: identityOf(known),
      query: extraQuery,
      body: bodyOf(known),
      override: viaOverride ? fc.boolean() : fc.constant(false),
    })
    .map(({ values, identity, query, body, override }) => {
      let i = 0;
      const path = route.path.replace(/:([a-z_]+)/g, () => values[i++]!);
      const search = new URLSearchParams({ ...identity.query, ...query });
      const method = override ? 'POST' : route.method;
      if (override) search.set('_method', route.method);
      const withBody = method !== 'GET';
      return {
        method,
        url: `${base}/v1${path}?${search.toString()}`,
        headers: {
          ...identity.headers,
          ...(withBody ? { 'content-type': body.contentType } : {}),
        },
        ...(withBody ? { payload: body.payload } : {}),
      };
    });
}
