/**
 * Bounds every request field the spec leaves unbounded, so no string, array or number the
 * API takes is unlimited (docs/behaviour.md, "Input limits"): a schema's own bounds win.
 */
export const DEFAULT_BOUNDS = {
  /** Characters in any string. */
  maxLength: 4096,
  /** Items in any array. */
  maxItems: 100,
  /** Integers are safe JavaScript integers (they round-trip through JSON and BIGINT). */
  minInteger: Number.MIN_SAFE_INTEGER,
  maxInteger: Number.MAX_SAFE_INTEGER,
} as const;

type Schema = Record<string, unknown>;

function typesOf(schema: Schema): string[] {
  const type = schema.type;
  return Array.isArray(type) ? (type as string[]) : typeof type === 'string' ? [type] : [];
}

/** The schema with default bounds added wherever it has none; a copy, the input is kept. */
export function withDefaultBounds(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withDefaultBounds);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema as Schema)) {
    // Nested schemas sit under these keywords; other values (enum, default, …) are data.
    out[key] = NESTED.has(key) ? withNested(key, value) : value;
  }
  const types = typesOf(out);
  if (types.includes('string') && out.maxLength === undefined && out.enum === undefined) {
    out.maxLength = DEFAULT_BOUNDS.maxLength;
  }
  if (types.includes('array') && out.maxItems === undefined) {
    out.maxItems = DEFAULT_BOUNDS.maxItems;
  }
  if (types.includes('integer') || types.includes('number')) {
    out.minimum ??= DEFAULT_BOUNDS.minInteger;
    out.maximum ??= DEFAULT_BOUNDS.maxInteger;
  }
  return out;
}

const NESTED = new Set([
  'properties',
  'patternProperties',
  'items',
  'additionalProperties',
  'anyOf',
  'oneOf',
  'allOf',
  'not',
]);

function withNested(key: string, value: unknown): unknown {
  if (key === 'properties' || key === 'patternProperties') {
    return Object.fromEntries(
      Object.entries(value as Schema).map(([name, s]) => [name, withDefaultBounds(s)]),
    );
  }
  return typeof value === 'boolean' ? value : withDefaultBounds(value);
}
