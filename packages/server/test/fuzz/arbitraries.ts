import fc from 'fast-check';
import { RawJson } from './raw-json.js';

type Schema = Record<string, unknown>;

/** Strings no operation should choke on: control characters, SQL and LIKE syntax, huge ones. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udfffy',
    "' OR '1'='1",
    "'; drop table users; --",
    '%',
    '_',
    '\\',
    '%_\\%',
    '"',
    '*',
    'NEAR(a b)',
    '"quoted" AND x',
    '../../etc/passwd',
    '<script>alert(1)</script>',
    '${7*7}',
    '__proto__',
    'constructor',
    'null',
    '😀',
    '山田',
    '\u202e',
    'user_0000000000000000000000000',
  ),
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.string({ unit: 'grapheme', maxLength: 24 }),
  fc.constantFrom(5000, 70_000).map((n) => 'x'.repeat(n)),
);

/** Numbers at and past every edge, some written as raw JSON text. */
export const hostileNumber: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    0,
    -1,
    0.5,
    2147483647,
    2147483648,
    -2147483649,
    Number.MAX_SAFE_INTEGER,
    1e308,
    -1e308,
  ),
  fc
    .constantFrom('1e400', '-1e400', '-0', '9007199254740993', '1.0', '1e2')
    .map((t) => new RawJson(t)),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

/** Anything at all, in JSON: wrong types for any field. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  hostileNumber,
  hostileString,
  fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null)), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string(), fc.integer()), {
    maxKeys: 3,
  }),
  fc.constantFrom(300, 5000).map((n) => new RawJson(`${'['.repeat(n)}${']'.repeat(n)}`)),
  fc.constant(new RawJson('{"__proto__": {"polluted": true}}')),
);

/** Plausible values for fields whose name says what they hold, so valid requests get far. */
const FIELD_VALUES: Record<string, fc.Arbitrary<unknown>> = {
  email_address: fc
    .tuple(fc.stringMatching(/^[a-z][a-z0-9.]{0,10}$/), fc.constantFrom('example.com', 'test.dev'))
    .map(([local, domain]) => `${local}@${domain}`),
  phone_number: fc.integer({ min: 100, max: 199 }).map((n) => `+1415555${n + 9800}`),
  web3_wallet: fc.stringMatching(/^[0-9a-f]{40}$/).map((hex) => `0x${hex}`),
  username: fc.stringMatching(/^[a-z][a-z0-9_-]{3,20}$/),
  password: fc.stringMatching(/^[A-Za-z0-9]{12,30}$/).map((p) => `${p}-Zq9!`),
  password_hasher: fc.constantFrom('bcrypt', 'md5', 'sha256', 'argon2id', 'pbkdf2_sha256', 'x'),
  totp_secret: fc.constantFrom('JBSWY3DPEHPK3PXP', 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'),
  created_at: fc
    .date({ min: new Date('2000-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  legal_accepted_at: fc
    .date({ min: new Date('2000-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  order_by: fc.constantFrom(
    'created_at',
    '-created_at',
    '+updated_at',
    '-email_address',
    'username',
    'last_active_at',
    'name',
    'constructor',
  ),
  create_organizations_limit: fc.integer({ min: 0, max: 1000 }),
  expires_in_seconds: fc.integer({ min: 1, max: 86_400 }),
  session_max_duration_in_seconds: fc.integer({ min: 1, max: 86_400 }),
  url: fc.oneof(
    fc.stringMatching(/^[a-z]{1,12}$/).map((p) => `https://app.example.com/${p}`),
    fc.stringMatching(/^[a-z]{1,12}$/).map((p) => `my-app://${p}`),
  ),
};

function typesOf(schema: Schema): string[] {
  const type = schema.type;
  if (Array.isArray(type)) return type as string[];
  if (typeof type === 'string') return [type];
  if (schema.properties) return ['object'];
  return [];
}

/**
 * Values a schema accepts (mostly: formats and field rules the schema cannot express are
 * guessed from the field name). `field` is the property name the schema sits under.
 */
export function valueOf(schema: unknown, field = '', depth = 0): fc.Arbitrary<unknown> {
  const s = (schema ?? {}) as Schema;
  const hint = FIELD_VALUES[field];
  if (hint && !typesOf(s).includes('array')) return hint;
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
  for (const key of ['anyOf', 'oneOf'] as const) {
    if (Array.isArray(s[key])) {
      return fc.oneof(...(s[key] as unknown[]).map((sub) => valueOf(sub, field, depth + 1)));
    }
  }
  const types = typesOf(s);
  if (types.length === 0) return fc.jsonValue({ maxDepth: 2 });
  return fc.oneof(...types.map((type) => valueOfType(type, s, field, depth)));
}

function valueOfType(type: string, s: Schema, field: string, depth: number): fc.Arbitrary<unknown> {
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({
        min: typeof s.minimum === 'number' ? s.minimum : -1000,
        max: typeof s.maximum === 'number' ? Math.min(s.maximum, 1e9) : 1e9,
      });
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 });
    case 'string':
      return fc.string({ maxLength: Math.min(Number(s.maxLength ?? 20), 20) });
    case 'array':
      return fc.array(valueOf(s.items, field, depth + 1), {
        maxLength: Math.min(Number(s.maxItems ?? 3), 3),
      });
    case 'object': {
      const properties = (s.properties ?? {}) as Record<string, unknown>;
      const required = new Set((s.required ?? []) as string[]);
      if (Object.keys(properties).length === 0 || depth > 4) {
        return fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), {
          maxKeys: 4,
        });
      }
      // The required fields and a few optional ones: a request that sets every field at
      // once almost never gets past validation, so it would test nothing else.
      const optional = Object.keys(properties).filter((k) => !required.has(k));
      return fc
        .subarray(optional, { maxLength: Math.min(3, optional.length) })
        .chain((chosen) =>
          fc.record(
            Object.fromEntries(
              [...required, ...chosen]
                .filter((name) => name in properties)
                .map((name) => [name, valueOf(properties[name], name, depth + 1)]),
            ),
          ),
        );
    }
    default:
      return fc.constant(null);
  }
}

/** One way to spoil a valid object: drop, retype, null, oversize or add a field. */
export function spoil(
  value: Record<string, unknown>,
  schema: Schema | undefined,
): fc.Arbitrary<Record<string, unknown>> {
  const fields = Object.keys(
    ((schema?.properties as Record<string, unknown> | undefined) ?? {}) as object,
  );
  const field = fields.length ? fc.constantFrom(...fields) : fc.constant('field');
  return fc.oneof(
    // A field of the schema set to anything at all (wrong type, hostile, huge, deep).
    fc.tuple(field, anyJson).map(([f, v]) => ({ ...value, [f]: v })),
    // A field set to a hostile string.
    fc.tuple(field, hostileString).map(([f, v]) => ({ ...value, [f]: v })),
    // A required field dropped.
    field.map((f) => {
      const copy = { ...value };
      delete copy[f];
      return copy;
    }),
    // A field nobody declared.
    fc.tuple(hostileString, anyJson).map(([f, v]) => ({ ...value, [f || 'x']: v })),
    // Metadata-shaped values with hostile keys and values.
    fc
      .tuple(field, fc.dictionary(hostileString, anyJson, { maxKeys: 3 }))
      .map(([f, v]) => ({ ...value, [f]: v })),
  );
}
