/**
 * fast-json-stringify writes an `anyOf` or `oneOf` by validating the value against each
 * member with Ajv, first match wins. It compiles those validators on the first response that
 * needs them: most of the cost of the first `User` after a start (`User` holds 21 unions:
 * nullable objects, each identification's verification, the connections' `domain`/`domains`
 * alternatives), and then a validation per value on every response.
 *
 * Most of the contract's unions need no validation to be written: what is written is the
 * same for any valid value. `serializationSchema` returns a copy of a response schema with
 * those unions rewritten; the rest are left to Ajv:
 *
 * - `[X, null]`, X of one type → X with `nullable: true` (an `=== null` test);
 * - objects only (and maybe `null`), no property with two different written forms → one
 *   object with every member's properties (each member has `additionalProperties: false`, so
 *   a valid value holds only its member's properties, and those are written as they would
 *   have been);
 * - `anyOf` of bare `required` lists beside an object's own properties (Clerk's "`domain` or
 *   `domains`") → dropped: it constrains, it writes nothing.
 *
 * Properties may come out in another order (fast-json-stringify writes a schema's required
 * properties first, and a merged object requires only what every member requires). The
 * response validators, not the serializer, check that a response keeps the contract.
 * The contract's schema objects are never changed: the copy is kept per source object.
 */
type Schema = Record<string, unknown>;

const copies = new WeakMap<object, unknown>();

/** The schema, with the unions that need no validation to be written rewritten. */
export function serializationSchema(schema: unknown): unknown {
  if (typeof schema !== 'object' || schema === null) return schema;
  if (Array.isArray(schema)) return schema.map(serializationSchema);
  const known = copies.get(schema);
  if (known !== undefined) return known;
  const copy: Schema = {};
  for (const [key, value] of Object.entries(schema)) copy[key] = serializationSchema(value);
  const result = withoutUnion(copy);
  copies.set(schema, result);
  return result;
}

function withoutUnion(schema: Schema): Schema {
  const key = schema.anyOf !== undefined ? 'anyOf' : schema.oneOf !== undefined ? 'oneOf' : null;
  if (key === null || !Array.isArray(schema[key])) return schema;
  const members = schema[key] as Schema[];
  const { [key]: _union, ...siblings } = schema;

  if (isObjectWithProperties(siblings) && members.every(isRequiredListOnly)) return siblings;
  if (Object.keys(siblings).length > 0) return schema;

  const nonNull = members.filter((member) => !isNullType(member));
  const nullable = nonNull.length < members.length ? { nullable: true } : {};
  if (nonNull.length === 1 && nullable.nullable) {
    const [only] = nonNull as [Schema];
    if (typeof only.type === 'string' && !hasUnion(only)) return { ...only, ...nullable };
  }
  const merged = mergedObject(nonNull);
  return merged ? { ...merged, ...nullable } : schema;
}

/** One object with every member's properties, if each member is such an object. */
function mergedObject(members: Schema[]): Schema | undefined {
  if (members.length === 0) return undefined;
  const properties: Schema = {};
  const forms = new Map<string, string>();
  let required: string[] | undefined;
  for (const member of members) {
    if (member.type !== 'object' || hasUnion(member) || !isPlainRecord(member.properties)) {
      return undefined;
    }
    if (member.additionalProperties !== false) return undefined;
    const own = Array.isArray(member.required) ? (member.required as string[]) : [];
    required = required === undefined ? own : required.filter((name) => own.includes(name));
    for (const [name, property] of Object.entries(member.properties)) {
      const form = JSON.stringify(writtenForm(property));
      const seen = forms.get(name);
      if (seen !== undefined && seen !== form) return undefined;
      forms.set(name, form);
      properties[name] ??= property;
    }
  }
  // Required in every member: fast-json-stringify writes required properties first.
  return { type: 'object', properties, required, additionalProperties: false };
}

/** What decides how a value is written: the schema without its validation-only keywords. */
function writtenForm(schema: unknown): unknown {
  if (typeof schema !== 'object' || schema === null) return schema;
  if (Array.isArray(schema)) return schema.map(writtenForm);
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties' && isPlainRecord(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([n, p]) => [n, writtenForm(p)]));
    } else if (!VALIDATION_ONLY.has(key)) out[key] = writtenForm(value);
  }
  return out;
}

const VALIDATION_ONLY = new Set([
  'enum',
  'required',
  'description',
  'title',
  'deprecated',
  'examples',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'minItems',
  'maxItems',
]);

function isNullType(schema: Schema): boolean {
  return schema.type === 'null' && Object.keys(schema).length === 1;
}

function hasUnion(schema: Schema): boolean {
  return schema.anyOf !== undefined || schema.oneOf !== undefined || schema.allOf !== undefined;
}

function isRequiredListOnly(schema: Schema): boolean {
  return (
    Object.keys(schema).every((key) => key === 'type' || key === 'required') &&
    (schema.type === undefined || schema.type === 'object') &&
    Array.isArray(schema.required)
  );
}

function isObjectWithProperties(schema: Schema): boolean {
  return schema.type === 'object' && isPlainRecord(schema.properties);
}

/** A JSON object (not an array, not null): a schema or a map of them. */
export function isPlainRecord(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
