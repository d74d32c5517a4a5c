// Objects, arrays, maps and primitives → TypeBox code.
//
// Nullability: primitives become `type: ['string', 'null']` (through Type.Unsafe so the static
// type stays `string | null`); objects, arrays and refs become `anyOf: [X, {type: 'null'}]`.
// Both forms are handled by ajv and fast-json-stringify alike.
import { propertyKey } from './component-names.js';
import { literal, type EmitContext } from './emit-context.js';
import type { OaSchema } from './openapi-types.js';
import { collectOptions, optionsLiteral } from './schema-options.js';

type Emit = (node: OaSchema, ctx: EmitContext, where: string) => string;

const CONSTRUCTOR: Record<string, string> = {
  string: 'String',
  integer: 'Integer',
  number: 'Number',
  boolean: 'Boolean',
};

const STATIC_PRIMITIVE: Record<string, string> = {
  string: 'string',
  integer: 'number',
  number: 'number',
  boolean: 'boolean',
};

export function withNull(code: string, node: OaSchema): string {
  return node.nullable === true ? `Type.Union([${code}, Type.Null()])` : code;
}

export function emitPrimitive(
  node: OaSchema,
  type: string,
  ctx: EmitContext,
  where: string,
): string {
  const options = collectOptions(node, type, ctx, where);
  const nullable = node.nullable === true;
  const typeCode = nullable ? literal([type, 'null']) : literal(type);
  if (node.enum !== undefined) {
    const values = [...node.enum];
    if (nullable && !values.includes(null)) values.push(null);
    for (const value of values) {
      if (value !== null && STATIC_PRIMITIVE[type] !== staticPrimitiveOf(value)) {
        ctx.note(where, `enum value ${JSON.stringify(value)} is not of type ${type}`);
      }
    }
    const staticType = [...new Set(values.map((value) => JSON.stringify(value)))].join(' | ');
    const schema = optionsLiteral([['type', typeCode], ['enum', literal(values)], ...options]);
    return `Type.Unsafe<${staticType}>(${schema})`;
  }
  if (nullable) {
    const schema = optionsLiteral([['type', typeCode], ...options]);
    return `Type.Unsafe<${STATIC_PRIMITIVE[type]} | null>(${schema})`;
  }
  const args = options.length > 0 ? optionsLiteral(options) : '';
  return `Type.${CONSTRUCTOR[type]}(${args})`;
}

function staticPrimitiveOf(value: unknown): string {
  return typeof value === 'number' ? 'number' : typeof value;
}

export function emitArray(node: OaSchema, ctx: EmitContext, where: string, emit: Emit): string {
  let items = 'Type.Unknown()';
  if (node.items !== undefined) items = emit(node.items, ctx, `${where}/items`);
  else ctx.note(where, 'array without items; items typed as unknown');
  const options = collectOptions(node, 'array', ctx, where);
  const args = options.length > 0 ? `, ${optionsLiteral(options)}` : '';
  return withNull(`Type.Array(${items}${args})`, node);
}

export function emitObject(node: OaSchema, ctx: EmitContext, where: string, emit: Emit): string {
  const options = collectOptions(node, 'object', ctx, where);
  const properties = node.properties ?? {};
  const declared = Object.keys(properties);
  const required = node.required ?? [];
  if (declared.length === 0 && required.length === 0 && node.anyOf === undefined) {
    return withNull(emitMap(node, options, ctx, where, emit), node);
  }
  const entries = declared.map((name) => {
    const code = emit(properties[name]!, ctx, `${where}/properties/${name}`);
    return `${propertyKey(name)}: ${required.includes(name) ? code : `Type.Optional(${code})`}`;
  });
  for (const name of required) {
    if (declared.includes(name)) continue;
    ctx.note(where, `required property "${name}" is not declared; typed as unknown`);
    entries.push(`${propertyKey(name)}: Type.Unknown()`);
  }
  const extra = node.additionalProperties;
  if (typeof extra === 'boolean') options.unshift(['additionalProperties', String(extra)]);
  else if (extra !== undefined) {
    options.unshift(['additionalProperties', emit(extra, ctx, `${where}/additionalProperties`)]);
  }
  if (node.anyOf !== undefined) {
    // Only `anyOf: [{required: [...]}, ...]` reaches here (see isRequiredOnly). Each branch
    // says `type: object` too: fast-json-stringify compiles branches alone, and ajv's strict
    // mode warns about `required` without a type.
    const branches = node.anyOf.map((branch) => ({ type: 'object', required: branch.required }));
    options.push(['anyOf', literal(branches)]);
  }
  const args = options.length > 0 ? `, ${optionsLiteral(options)}` : '';
  return withNull(`Type.Object({ ${entries.join(', ')} }${args})`, node);
}

/** An object without declared properties: a free-form map, or a map of one value type. */
function emitMap(
  node: OaSchema,
  options: [string, string][],
  ctx: EmitContext,
  where: string,
  emit: Emit,
): string {
  const extra = node.additionalProperties;
  if (extra === false) {
    return `Type.Object({}, ${optionsLiteral([['additionalProperties', 'false'], ...options])})`;
  }
  if (extra !== undefined && extra !== true) {
    const value = emit(extra, ctx, `${where}/additionalProperties`);
    const schema = optionsLiteral([
      ['type', '"object"'],
      ['additionalProperties', value],
      ...options,
    ]);
    return `Type.Unsafe<Record<string, ${staticTypeOf(extra, value)}>>(${schema})`;
  }
  // Absent additionalProperties means "any keys"; spelled out so fast-json-stringify keeps them.
  const schema = optionsLiteral([
    ['type', '"object"'],
    ['additionalProperties', 'true'],
    ...options,
  ]);
  return `Type.Unsafe<Record<string, unknown>>(${schema})`;
}

/** The static type of an emitted schema, for the type argument of Type.Unsafe. */
export function staticTypeOf(node: OaSchema, code: string): string {
  if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(code)) return `Static<typeof ${code}>`;
  const primitive = node.type !== undefined ? STATIC_PRIMITIVE[node.type] : undefined;
  if (primitive !== undefined && node.enum === undefined) {
    return node.nullable === true ? `${primitive} | null` : primitive;
  }
  return 'unknown';
}
