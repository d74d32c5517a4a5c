import { operations, type OperationDefinition, type OperationId } from '@castellan/contract';
import fc from 'fast-check';
import { anyJson, hostileString, spoil, valueOf } from './arbitraries.js';
import { percentEncode, toJsonText } from './raw-json.js';

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  /** Path parameters as generated (before encoding), to tell which resources a write touched. */
  params: Record<string, string>;
}

/** IDs seen so far, by path parameter name (`user_id`): requests aim at real resources too. */
export type KnownIds = Map<string, string[]>;

type Schema = Record<string, unknown>;

function schemaOf(value: unknown): Schema | undefined {
  return value as Schema | undefined;
}

function pathParamValue(name: string, known: KnownIds): fc.Arbitrary<string> {
  const ids = known.get(name) ?? [];
  const prefix = name.replace(/_id$/, '');
  return fc.oneof(
    {
      weight: ids.length ? 8 : 0,
      arbitrary: ids.length ? fc.constantFrom(...ids) : fc.constant(''),
    },
    { weight: 2, arbitrary: fc.stringMatching(/^[0-9A-Za-z]{27}$/).map((s) => `${prefix}_${s}`) },
    // (never empty: `/v1/users/` is another route, the list)
    { weight: 2, arbitrary: hostileString.map(percentEncode).filter((v) => v !== '') },
    { weight: 1, arbitrary: fc.constantFrom('%FF', '%', '%E0%A4', '%00', 'a%2Fb', '%ED%A0%80') },
    { weight: 1, arbitrary: fc.constantFrom(255, 300).map((n) => 'x'.repeat(n)) },
  );
}

/** One of the values seen for `name` (IDs, the instance's publishable key), else any of `other`. */
function knownOr<T>(
  known: KnownIds,
  name: string,
  other: fc.Arbitrary<T>,
): fc.Arbitrary<T | string> {
  const ids = known.get(name) ?? [];
  return ids.length ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...ids) }, other) : other;
}

function queryOf(op: OperationDefinition, seen: KnownIds): fc.Arbitrary<string> {
  const schema = schemaOf(op.request.querystring);
  const properties = (schema?.properties ?? {}) as Record<string, unknown>;
  const entries = Object.entries(properties).map(
    ([name, sub]) =>
      [
        name,
        fc.oneof(
          { weight: 3, arbitrary: knownOr(seen, name, valueOf(sub, name)) },
          { weight: 1, arbitrary: hostileString },
          { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 3 }) },
        ),
      ] as const,
  );
  // A few parameters at a time, as clients send them.
  const byName = new Map(entries);
  const known = fc
    .subarray([...byName.keys()], { maxLength: Math.min(3, byName.size) })
    .chain((names) => fc.record(Object.fromEntries(names.map((n) => [n, byName.get(n)!]))));
  const unknown = fc.dictionary(fc.string({ maxLength: 8 }), hostileString, { maxKeys: 2 });
  return fc
    .tuple(
      known,
      fc.oneof({ weight: 4, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: unknown }),
    )
    .map(([a, b]) => {
      const parts: string[] = [];
      for (const [key, value] of Object.entries({ ...b, ...a })) {
        for (const v of Array.isArray(value) ? value : [value]) {
          const text = typeof v === 'string' ? v : toJsonText(v).replace(/^"|"$/g, '');
          parts.push(`${percentEncode(key)}=${percentEncode(text)}`);
        }
      }
      return parts.length ? `?${parts.join('&')}` : '';
    });
}

/**
 * Fields an operation needs before anything else about it can succeed (the rules the
 * schema cannot say): merged under the generated fields, so valid requests get far.
 */
const BASE_BODIES: Partial<
  Record<OperationId, (known: KnownIds) => fc.Arbitrary<Record<string, unknown>>>
> = {
  CreateUser: () =>
    fc.record({
      email_address: fc.array(valueOf({ type: 'string' }, 'email_address'), {
        minLength: 1,
        maxLength: 2,
      }),
      password: valueOf({ type: 'string' }, 'password'),
    }),
  CreateActorToken: () =>
    fc.record({ actor: fc.record({ sub: fc.constantFrom('user_admin', 'dashboard|support') }) }),
};

/**
 * Fields set over the generated ones (most of the time): IDs of resources that exist, which
 * no schema can generate.
 */
const PINNED_FIELDS: Partial<
  Record<OperationId, (known: KnownIds) => fc.Arbitrary<Record<string, unknown>>>
> = {
  CreateSignInToken: (known) => fc.record({ user_id: knownOr(known, 'user_id', fc.string()) }),
  CreateActorToken: (known) => fc.record({ user_id: knownOr(known, 'user_id', fc.string()) }),
};

function bodyOf(
  op: OperationDefinition,
  known: KnownIds,
): fc.Arbitrary<{ payload?: string | Buffer; type?: string }> {
  const schema = schemaOf(op.request.body);
  if (!schema) {
    return fc.oneof(
      { weight: 6, arbitrary: fc.constant({}) },
      { weight: 1, arbitrary: fc.constant({ payload: '{}', type: 'application/json' }) },
      {
        weight: 1,
        arbitrary: anyJson.map((v) => ({ payload: toJsonText(v), type: 'application/json' })),
      },
    );
  }
  const base = BASE_BODIES[op.operationId as OperationId]?.(known) ?? fc.constant({});
  const pinned = PINNED_FIELDS[op.operationId as OperationId]?.(known) ?? fc.constant({});
  const valid: fc.Arbitrary<Record<string, unknown>> = fc
    .tuple(
      base,
      valueOf(schema) as fc.Arbitrary<Record<string, unknown>>,
      fc.oneof({ weight: 3, arbitrary: pinned }, { weight: 1, arbitrary: fc.constant({}) }),
    )
    .map(([b, v, p]) => ({ ...b, ...v, ...p }));
  const json = fc.oneof(
    { weight: 3, arbitrary: valid as fc.Arbitrary<unknown> },
    { weight: 5, arbitrary: valid.chain((v) => spoil(v, schema)) },
    { weight: 1, arbitrary: anyJson },
  );
  return fc.oneof(
    {
      weight: 12,
      arbitrary: json.map((v) => ({ payload: toJsonText(v), type: 'application/json' })),
    },
    {
      weight: 1,
      arbitrary: json.map((v) => ({
        payload: toJsonText(v),
        type: fc.sample(fc.constantFrom('text/plain', 'application/x-www-form-urlencoded'), 1)[0],
      })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        { payload: '{"a":', type: 'application/json' },
        { payload: '', type: 'application/json' },
        { payload: 'null', type: 'application/json' },
        {
          payload: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]),
          type: 'application/json',
        },
        { payload: '{"a":1}', type: 'application/json; charset=latin1' },
      ),
    },
    { weight: 1, arbitrary: fc.constant({}) },
  );
}

function authOf(secretKey: string): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { weight: 16, arbitrary: fc.constant(`Bearer ${secretKey}`) },
    { weight: 1, arbitrary: fc.constant(undefined) },
    {
      weight: 1,
      arbitrary: fc.stringMatching(/^[A-Za-z0-9]{32}$/).map((s) => `Bearer sk_test_${s}`),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'Bearer',
        'Basic YWJj',
        `bearer ${secretKey}x`,
        `Bearer ${secretKey}\u00e9`,
      ),
    },
  );
}

/** Valid and invalid requests for one operation, drawn from its contract. */
export function requestsFor(
  operationId: OperationId,
  secretKey: string,
  known: KnownIds,
): fc.Arbitrary<FuzzRequest> {
  const op = operations[operationId] as OperationDefinition;
  const paramNames = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  const params = fc.record(
    Object.fromEntries(paramNames.map((name) => [name, pathParamValue(name, known)])),
  ) as fc.Arbitrary<Record<string, string>>;
  return fc
    .tuple(params, queryOf(op, known), bodyOf(op, known), authOf(secretKey))
    .map(([p, query, body, authorization]) => {
      const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => p[name]!);
      const headers: Record<string, string> = {};
      if (authorization !== undefined) headers.authorization = authorization;
      if (body.type) headers['content-type'] = body.type;
      return {
        method: op.method,
        url: `/v1${path}${query}`,
        headers,
        ...(body.payload !== undefined ? { payload: body.payload } : {}),
        params: p,
      };
    });
}
