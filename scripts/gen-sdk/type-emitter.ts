// TypeBox schemas of packages/contract → TypeScript type text for packages/sdk.
//
// The contract's schemas are JSON Schema objects; a named component (an exported const of
// schemas.ts) is recognised by identity wherever another schema embeds it, and printed by
// name, so the SDK's types read like the spec's components.

type Schema = Record<string, unknown> & {
  type?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  additionalProperties?: boolean | Schema;
  format?: string;
  deprecated?: boolean;
};

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function propertyKey(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

export class TypeEmitter {
  constructor(
    /** Named components by identity. */
    private readonly names: Map<object, string>,
    /** The type of a binary (`format: binary`) string: an upload. */
    private readonly binaryType: string,
  ) {}

  /** The type of `schema`; `top` names the component being declared (printed in full). */
  typeOf(schema: Schema, indent = '', top?: object): string {
    const name = this.names.get(schema);
    if (name !== undefined && schema !== top) return name;
    if (schema.anyOf) return this.union(schema.anyOf, indent);
    if (schema.oneOf) return this.union(schema.oneOf, indent);
    if (schema.allOf) return schema.allOf.map((s) => this.wrap(this.typeOf(s, indent))).join(' & ');
    if (schema.const !== undefined) return JSON.stringify(schema.const);
    if (Array.isArray(schema.enum)) {
      return [...new Set(schema.enum.map((v) => (v === null ? 'null' : JSON.stringify(v))))].join(
        ' | ',
      );
    }
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    const printed = types.map((t) => this.single(t, schema, indent));
    return [...new Set(printed)].join(' | ');
  }

  /** `{ a: …; b?: … }` for an object's properties (also used for request arguments). */
  objectBody(
    properties: Record<string, Schema>,
    required: readonly string[],
    indent: string,
    extra?: string,
  ): string {
    const inner = `${indent}  `;
    const lines: string[] = [];
    for (const [key, prop] of Object.entries(properties)) {
      const optional = required.includes(key) ? '' : '?';
      if (prop.deprecated === true) lines.push(`${inner}/** @deprecated */`);
      lines.push(`${inner}${propertyKey(key)}${optional}: ${this.typeOf(prop, inner)};`);
    }
    if (extra) lines.push(`${inner}${extra}`);
    if (lines.length === 0) return '{}';
    return `{\n${lines.join('\n')}\n${indent}}`;
  }

  private single(type: string | undefined, schema: Schema, indent: string): string {
    switch (type) {
      case 'string':
        return schema.format === 'binary' ? this.binaryType : 'string';
      case 'integer':
      case 'number':
        return 'number';
      case 'boolean':
        return 'boolean';
      case 'null':
        return 'null';
      case 'array':
        return schema.items ? `Array<${this.typeOf(schema.items, indent)}>` : 'unknown[]';
      case 'object': {
        const props = schema.properties ?? {};
        const open = schema.additionalProperties;
        const extra =
          open === false
            ? undefined
            : open === undefined || open === true
              ? Object.keys(props).length === 0
                ? undefined
                : '[key: string]: unknown;'
              : `[key: string]: ${this.typeOf(open, `${indent}  `)};`;
        if (Object.keys(props).length === 0) {
          if (open !== undefined && typeof open === 'object') {
            return `Record<string, ${this.typeOf(open, indent)}>`;
          }
          return open === false ? 'Record<string, never>' : 'Record<string, unknown>';
        }
        return this.objectBody(props, schema.required ?? [], indent, extra);
      }
      default:
        return 'unknown';
    }
  }

  private union(members: Schema[], indent: string): string {
    const printed = members.map((m) => this.wrap(this.typeOf(m, indent)));
    return [...new Set(printed)].join(' | ');
  }

  private wrap(type: string): string {
    return type.includes(' | ') || type.includes(' & ') ? `(${type})` : type;
  }
}
