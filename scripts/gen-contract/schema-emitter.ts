// OpenAPI 3.0 schema → TypeBox builder code. Composition lives here, leaves in schema-leaves.ts.
import type { EmitContext } from './emit-context.js';
import type { OaSchema } from './openapi-types.js';
import { mergeAllOf } from './schema-merge.js';
import { checkKeywords } from './schema-options.js';
import { emitArray, emitPrimitive, emitObject, staticTypeOf, withNull } from './schema-leaves.js';

export function emitSchema(node: OaSchema, ctx: EmitContext, where: string): string {
  checkKeywords(node, ctx, where);
  if (node.$ref !== undefined) return withNull(ctx.refConst(node.$ref), node);
  if (node.allOf !== undefined) return emitAllOf(node, ctx, where);
  if (node.oneOf !== undefined) return emitOneOf(node, node.oneOf, ctx, where);
  if (node.anyOf !== undefined && !isRequiredOnly(node.anyOf)) {
    return emitAnyOf(node, node.anyOf, ctx, where);
  }
  const type = node.type ?? inferType(node);
  switch (type) {
    case 'object':
      return emitObject(node, ctx, where, emitSchema);
    case 'array':
      return emitArray(node, ctx, where, emitSchema);
    case 'string':
    case 'integer':
    case 'number':
    case 'boolean':
      return emitPrimitive(node, type, ctx, where);
    case undefined:
      // No type at all (e.g. `{nullable: true}`): any JSON value, null included.
      return 'Type.Unknown()';
    default:
      throw new Error(`${where}: unsupported type ${JSON.stringify(type)}`);
  }
}

/** `anyOf: [{required: [a]}, {required: [b]}]`: a constraint on the object, not a union. */
export function isRequiredOnly(branches: OaSchema[]): boolean {
  return branches.every((branch) => Object.keys(branch).every((key) => key === 'required'));
}

function inferType(node: OaSchema): string | undefined {
  if (node.properties !== undefined || node.additionalProperties !== undefined) return 'object';
  if (node.items !== undefined) return 'array';
  if (node.enum !== undefined && node.enum.length > 0) {
    const first = node.enum.find((value) => value !== null);
    if (typeof first === 'string' || typeof first === 'boolean') return typeof first;
    if (typeof first === 'number') return Number.isInteger(first) ? 'integer' : 'number';
  }
  return undefined;
}

function emitAllOf(node: OaSchema, ctx: EmitContext, where: string): string {
  const members = node.allOf!;
  const hasOwnShape = node.properties !== undefined || node.required !== undefined;
  if (members.length === 1 && !hasOwnShape) {
    // `{type: object, nullable: true, allOf: [$ref]}` is the spec's way to write "X or null".
    return withNull(emitSchema(members[0]!, ctx, `${where}/allOf/0`), node);
  }
  const merged = mergeAllOf(node, ctx, where);
  if (merged !== undefined) return emitObject(merged, ctx, where, emitSchema);
  ctx.note(where, 'allOf of non-object members kept as an intersection');
  const parts = members.map((member, i) => emitSchema(member, ctx, `${where}/allOf/${i}`));
  return withNull(`Type.Intersect([${parts.join(', ')}])`, node);
}

function emitOneOf(node: OaSchema, members: OaSchema[], ctx: EmitContext, where: string): string {
  if (node.type !== undefined && node.type !== 'object') {
    ctx.note(where, `type ${node.type} next to oneOf dropped`);
  }
  if (members.length === 1) return withNull(emitSchema(members[0]!, ctx, `${where}/oneOf/0`), node);
  const parts = members.map((member, i) => emitSchema(member, ctx, `${where}/oneOf/${i}`));
  const statics = members.map((member, i) => staticTypeOf(member, parts[i]!));
  // TypeBox has no oneOf builder; Unsafe keeps the exact keyword and a union static type.
  const code = `Type.Unsafe<${statics.join(' | ')}>({ oneOf: [${parts.join(', ')}] })`;
  return withNull(code, node);
}

function emitAnyOf(node: OaSchema, members: OaSchema[], ctx: EmitContext, where: string): string {
  if (node.properties !== undefined) {
    throw new Error(`${where}: anyOf next to properties is not supported`);
  }
  if (members.length === 1) return withNull(emitSchema(members[0]!, ctx, `${where}/anyOf/0`), node);
  const parts = members.map((member, i) => emitSchema(member, ctx, `${where}/anyOf/${i}`));
  if (node.nullable === true) parts.push('Type.Null()');
  return `Type.Union([${parts.join(', ')}])`;
}
