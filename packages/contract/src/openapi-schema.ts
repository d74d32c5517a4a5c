// TypeBox (JSON Schema) → OpenAPI 3.0 Schema Objects, with component schemas as $refs.
import { Type, type TSchema } from 'typebox';
import * as responseBodies from './generated/response-bodies.js';
import * as schemas from './generated/schemas.js';

type Json = Record<string, unknown>;

/** Keywords an OpenAPI 3.0 Schema Object may carry (beyond the structural ones). */
const KEPT = new Set([
  'type',
  'format',
  'enum',
  'default',
  'minimum',
  'maximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'required',
  'deprecated',
  'readOnly',
  'writeOnly',
  'nullable',
]);

/**
 * Collects the component schemas a document uses while converting. The same TypeBox
 * object is embedded wherever the spec had a `$ref`, so identity finds components again;
 * `Type.Optional` clones its argument, so optional properties are matched by content.
 * A bare primitive component (`PasswordHasher` is `{type: 'string'}`) is never matched by
 * content: every optional plain string would look like it and become a `$ref` to it.
 */
export class OpenApiSchemaConverter {
  private readonly byName = new Map<string, Json>();
  private readonly byIdentity = new Map<object, string>();
  private byContent: Map<string, string> | undefined;
  private readonly used = new Map<string, Json>();

  constructor() {
    for (const [name, schema] of [...Object.entries(schemas), ...Object.entries(responseBodies)]) {
      this.byName.set(name, schema as unknown as Json);
      this.byIdentity.set(schema, name);
    }
  }

  /** The used components, sorted by name. */
  components(): Record<string, Json> {
    return Object.fromEntries([...this.used].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  convert(schema: TSchema): Json {
    return this.node(schema as Json, false);
  }

  private componentName(schema: Json): string | undefined {
    const name = this.byIdentity.get(schema);
    if (name !== undefined || !Type.IsOptional(schema)) return name;
    this.byContent ??= new Map(
      [...this.byIdentity]
        .filter(([component]) => !isBarePrimitive(component as Json))
        .map(([component, id]) => [JSON.stringify(component), id]),
    );
    return this.byContent.get(JSON.stringify(schema));
  }

  private node(schema: Json, isComponentRoot: boolean): Json {
    const name = isComponentRoot ? undefined : this.componentName(schema);
    if (name !== undefined) {
      if (!this.used.has(name)) {
        this.used.set(name, {}); // placeholder first: guards against revisiting
        this.used.set(name, this.node(this.byName.get(name)!, true));
      }
      return { $ref: `#/components/schemas/${name}` };
    }
    return this.plain(schema);
  }

  private plain(schema: Json): Json {
    const out: Json = {};
    for (const key of Object.keys(schema)) {
      const value = schema[key];
      if (KEPT.has(key)) out[key] = value;
      else if (key === 'const') out.enum = [value];
      else if (key === 'properties') {
        const props = value as Record<string, Json>;
        out.properties = Object.fromEntries(
          Object.entries(props).map(([prop, child]) => [prop, this.node(child, false)]),
        );
      } else if (key === 'items') out.items = this.node(value as Json, false);
      else if (key === 'additionalProperties') {
        out.additionalProperties =
          typeof value === 'boolean' ? value : this.node(value as Json, false);
      } else if (key === 'patternProperties') {
        const [only] = Object.values(value as Record<string, Json>);
        if (only !== undefined) out.additionalProperties = this.node(only, false);
      } else if (key === 'exclusiveMinimum' || key === 'exclusiveMaximum') {
        // JSON Schema's numeric bound → OpenAPI 3.0's boolean flag on minimum/maximum.
        out[key === 'exclusiveMinimum' ? 'minimum' : 'maximum'] = value;
        out[key] = true;
      } else if (key === 'anyOf' || key === 'oneOf' || key === 'allOf') {
        Object.assign(out, this.composition(key, value as Json[]));
      }
      // Anything else ($id, $schema, TypeBox bookkeeping) has no place in OpenAPI 3.0.
    }
    if (Array.isArray(out.type)) {
      const types = out.type as string[];
      delete out.type;
      Object.assign(out, nullableType(types));
    }
    return out;
  }

  /** `anyOf: [X, {type: 'null'}]` → X with `nullable: true`. */
  private composition(key: string, members: Json[]): Json {
    const nonNull = members.filter((member) => member.type !== 'null');
    if (nonNull.length === members.length) {
      return { [key]: members.map((member) => this.node(member, false)) };
    }
    if (nonNull.length !== 1) {
      return { [key]: nonNull.map((member) => this.node(member, false)), nullable: true };
    }
    const inner = this.node(nonNull[0]!, false);
    if (inner.$ref !== undefined) return { allOf: [inner], nullable: true };
    if (Array.isArray(inner.enum) && !inner.enum.includes(null)) inner.enum = [...inner.enum, null];
    return { ...inner, nullable: true };
  }
}

/** Only a type (and a format): nothing that tells one such schema from another. */
function isBarePrimitive(schema: Json): boolean {
  return Object.keys(schema).every((key) => key === 'type' || key === 'format');
}

/** `type: ['string', 'null']` → `type: 'string', nullable: true`. */
function nullableType(types: string[]): Json {
  const nonNull = types.filter((type) => type !== 'null');
  const nullable = nonNull.length !== types.length ? { nullable: true } : {};
  if (nonNull.length === 1) return { type: nonNull[0], ...nullable };
  return { anyOf: nonNull.map((type) => ({ type })), ...nullable };
}
