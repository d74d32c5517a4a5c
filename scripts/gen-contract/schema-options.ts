// Validation keywords carried over per JSON type, and the checks on what is dropped.
import { literal, type EmitContext } from './emit-context.js';
import type { OaSchema } from './openapi-types.js';
import { isProseKey } from './schema-canonical.js';

const NUMERIC = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'];

const KEYWORDS_BY_TYPE: Record<string, readonly string[]> = {
  string: ['minLength', 'maxLength', 'pattern', 'format'],
  integer: [...NUMERIC, 'format'],
  number: [...NUMERIC, 'format'],
  boolean: [],
  array: ['minItems', 'maxItems', 'uniqueItems'],
  object: ['minProperties', 'maxProperties'],
};

/** Structural keywords the emitters read themselves. */
const STRUCTURAL = [
  '$ref',
  'type',
  'nullable',
  'enum',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'allOf',
  'oneOf',
  'anyOf',
  'default',
  'deprecated',
  'readOnly',
  'writeOnly',
];

const TYPED = new Set(Object.values(KEYWORDS_BY_TYPE).flat());
const HANDLED = new Set([...STRUCTURAL, ...TYPED]);

/** Notes keywords that exist in the spec but have no place in the generated schema. */
export function checkKeywords(node: OaSchema, ctx: EmitContext, where: string): void {
  for (const key of Object.keys(node)) {
    if (isProseKey(key) || HANDLED.has(key)) continue;
    ctx.note(where, `keyword "${key}" dropped`);
  }
}

/** `[key, code]` pairs for the options argument of a TypeBox builder, in a fixed order. */
export function collectOptions(
  node: OaSchema,
  type: string,
  ctx: EmitContext,
  where: string,
): [string, string][] {
  const options: [string, string][] = [];
  const applicable = KEYWORDS_BY_TYPE[type] ?? [];
  for (const key of TYPED) {
    if (node[key] !== undefined && !applicable.includes(key)) {
      ctx.note(where, `keyword "${key}" does not apply to type ${type}; dropped`);
    }
  }
  for (const key of applicable) {
    const value = node[key];
    if (value === undefined) continue;
    if (key === 'format') {
      if (ctx.knownFormats.has(String(value))) options.push([key, literal(value)]);
      else ctx.note(where, `format "${String(value)}" unknown to ajv-formats; dropped`);
    } else if (key === 'exclusiveMinimum' || key === 'exclusiveMaximum') {
      // OpenAPI 3.0 uses a boolean that qualifies minimum/maximum; JSON Schema (ajv) a number.
      const bound = key === 'exclusiveMinimum' ? node.minimum : node.maximum;
      if (typeof value === 'number') options.push([key, literal(value)]);
      else if (value === true && typeof bound === 'number') options.push([key, literal(bound)]);
    } else if (key === 'minimum' || key === 'maximum') {
      const exclusive = key === 'minimum' ? node.exclusiveMinimum : node.exclusiveMaximum;
      if (exclusive !== true) options.push([key, literal(value)]);
    } else {
      options.push([key, literal(value)]);
    }
  }
  if (node.default !== undefined) {
    if (!defaultMatchesType(node.default, type, node.nullable === true)) {
      ctx.note(where, `default ${JSON.stringify(node.default)} is not of type ${type}; kept as is`);
    }
    options.push(['default', literal(node.default)]);
  }
  for (const flag of ['deprecated', 'readOnly', 'writeOnly']) {
    if (node[flag] === true) options.push([flag, 'true']);
  }
  return options;
}

function defaultMatchesType(value: unknown, type: string, nullable: boolean): boolean {
  if (value === null) return nullable;
  switch (type) {
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && !Array.isArray(value);
    default:
      return typeof value === type;
  }
}

export function optionsLiteral(options: [string, string][]): string {
  return `{ ${options.map(([key, code]) => `${key}: ${code}`).join(', ')} }`;
}
