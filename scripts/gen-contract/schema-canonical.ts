// Prose stripping and a canonical form, so two spec versions of a schema can be compared.
import type { OaSchema } from './openapi-types.js';

/** Keys that carry prose or vendor extensions; none of them reach generated code. */
export function isProseKey(key: string): boolean {
  return (
    key === 'description' ||
    key === 'summary' ||
    key === 'example' ||
    key === 'examples' ||
    key === 'externalDocs' ||
    key === 'title' ||
    key.startsWith('x-')
  );
}

/**
 * A JSON string that is equal for schemas that mean the same: prose dropped, keys sorted,
 * and `{type: object}` without properties read as `additionalProperties: true` (its meaning).
 */
export function canonicalSchema(schema: unknown): string {
  return JSON.stringify(canonicalValue(schema));
}

function canonicalValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalValue);
  if (value === null || typeof value !== 'object') return value;
  const node = value as OaSchema;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(node).sort()) {
    if (isProseKey(key)) continue;
    if (key === 'properties') {
      const props: Record<string, unknown> = {};
      for (const name of Object.keys(node.properties ?? {}).sort()) {
        props[name] = canonicalValue(node.properties![name]);
      }
      out[key] = props;
    } else {
      out[key] = canonicalValue(node[key]);
    }
  }
  if (isFreeFormObject(node)) out.additionalProperties = true;
  return out;
}

/** `{type: object}` with no declared properties and no additionalProperties keyword. */
export function isFreeFormObject(node: OaSchema): boolean {
  return (
    node.type === 'object' &&
    node.properties === undefined &&
    node.additionalProperties === undefined &&
    node.allOf === undefined &&
    node.oneOf === undefined &&
    node.anyOf === undefined
  );
}

/** Every `$ref` string inside a value, in document order. */
export function collectRefs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) collectRefs(item, out);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') out.push(child);
      // Under `properties` the keys are field names, which may well be `description`.
      else if (key === 'properties' && child !== null && typeof child === 'object') {
        for (const property of Object.values(child)) collectRefs(property, out);
      } else if (!isProseKey(key)) collectRefs(child, out);
    }
  }
  return out;
}
