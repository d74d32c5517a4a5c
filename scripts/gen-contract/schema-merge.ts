// allOf of object schemas → one object schema.
//
// The spec uses allOf to extend a closed object (`OrganizationWithLogo` = `Organization` +
// logo fields, `Invitation.Revoked` = `Invitation` + `revoked`). Read literally, a member's
// `additionalProperties: false` would reject the other members' fields, so the members are
// merged instead: all properties, all required names, closed when any member is closed.
import type { EmitContext } from './emit-context.js';
import type { OaSchema } from './openapi-types.js';
import { canonicalSchema } from './schema-canonical.js';

export function mergeAllOf(node: OaSchema, ctx: EmitContext, where: string): OaSchema | undefined {
  const members = flattenMembers(node.allOf ?? [], ctx);
  if (members === undefined) return undefined;
  const own: OaSchema = {};
  if (node.properties !== undefined) own.properties = node.properties;
  if (node.required !== undefined) own.required = node.required;
  if (node.additionalProperties !== undefined) own.additionalProperties = node.additionalProperties;

  const properties: Record<string, OaSchema> = {};
  const required: string[] = [];
  let closed = false;
  let open = false;
  for (const member of [...members, own]) {
    for (const [name, schema] of Object.entries(member.properties ?? {})) {
      const previous = properties[name];
      if (previous !== undefined && canonicalSchema(previous) !== canonicalSchema(schema)) {
        ctx.note(where, `allOf members disagree on property "${name}"; the later member wins`);
      }
      properties[name] = schema;
    }
    for (const name of member.required ?? []) {
      if (!required.includes(name)) required.push(name);
    }
    if (member.additionalProperties === false) closed = true;
    else if (member.additionalProperties !== undefined) open = true;
  }
  if (closed && open) ctx.note(where, 'allOf mixes closed and open members; merged as closed');

  const merged: OaSchema = { type: 'object', properties };
  if (required.length > 0) merged.required = required;
  if (closed) merged.additionalProperties = false;
  else if (open) merged.additionalProperties = true;
  if (node.nullable === true) merged.nullable = true;
  if (node.deprecated === true) merged.deprecated = true;
  return merged;
}

/** The members with refs resolved and nested allOf flattened; undefined if any is not an object. */
function flattenMembers(members: OaSchema[], ctx: EmitContext): OaSchema[] | undefined {
  const out: OaSchema[] = [];
  for (const member of members) {
    const schema = member.$ref !== undefined ? ctx.lookupRef(member.$ref) : member;
    if (member.$ref !== undefined && Object.keys(member).length > 1) return undefined;
    if (schema.allOf !== undefined) {
      const nested = flattenMembers(schema.allOf, ctx);
      if (nested === undefined) return undefined;
      out.push(...nested);
      const { allOf: _allOf, ...rest } = schema;
      if (!isPlainObject(rest)) return undefined;
      out.push(rest);
    } else if (isPlainObject(schema)) {
      out.push(schema);
    } else {
      return undefined;
    }
  }
  return out;
}

function isPlainObject(schema: OaSchema): boolean {
  return (
    (schema.type === undefined || schema.type === 'object') &&
    schema.$ref === undefined &&
    schema.oneOf === undefined &&
    schema.anyOf === undefined &&
    schema.allOf === undefined &&
    schema.nullable !== true
  );
}
