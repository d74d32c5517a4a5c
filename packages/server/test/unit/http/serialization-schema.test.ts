import fastJsonStringify from 'fast-json-stringify';
import { schemas } from '@castellan/contract';
import { describe, expect, it } from 'vitest';
import { serializationSchema } from '../../../src/http/serialization-schema.js';

type Schema = Record<string, unknown>;

/** A deterministic pseudo-random source (mulberry32), so a failure replays. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A value valid against the schema, with each union's member, each optional property and
 * each nullable value picked at random.
 */
function sample(schema: Schema, next: () => number, depth = 0): unknown {
  const union = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (union) {
    const { anyOf: _a, oneOf: _o, ...siblings } = schema;
    const member = union[Math.floor(next() * union.length)]!;
    if (Object.keys(siblings).length === 0) return sample(member, next, depth);
    // A constraint beside the object (`domain` or `domains`): the object has every property.
    return sample(
      { ...siblings, required: Object.keys(siblings.properties as Schema) },
      next,
      depth,
    );
  }
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[Math.floor(next() * schema.enum.length)];
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
  const type = types[Math.floor(next() * types.length)];
  switch (type) {
    case 'null':
      return null;
    case 'string':
      return `s${Math.floor(next() * 1000)}`;
    case 'integer':
      return Math.floor(next() * 1e6);
    case 'number':
      return next() * 10;
    case 'boolean':
      return next() < 0.5;
    case 'array':
      return depth > 6 || next() < 0.3
        ? []
        : [
            sample(schema.items as Schema, next, depth + 1),
            sample(schema.items as Schema, next, depth + 1),
          ];
    case 'object': {
      const out: Schema = {};
      const required = new Set((schema.required as string[] | undefined) ?? []);
      for (const [name, property] of Object.entries((schema.properties ?? {}) as Schema)) {
        if (!required.has(name) && next() < 0.3) continue;
        out[name] = sample(property as Schema, next, depth + 1);
      }
      if (schema.additionalProperties === true && next() < 0.5) out.extra = { any: [1, 'two'] };
      return out;
    }
    default:
      return {};
  }
}

const names = ['User', 'OrganizationMembership', 'SAMLConnection', 'EmailAddress', 'Organization'];

/** The rewritten schemas write every valid value as the contract's schemas would. */
describe('serialization schemas', () => {
  for (const name of names) {
    it(`writes ${name} as the contract's schema does`, () => {
      const schema = (schemas as unknown as Record<string, Schema>)[name]!;
      const original = fastJsonStringify(schema as never);
      const rewritten = fastJsonStringify(serializationSchema(schema) as never);
      const next = random(name.length);
      let compared = 0;
      for (let i = 0; i < 300; i++) {
        const value = sample(schema, next);
        let expected: string;
        try {
          expected = original(value);
        } catch {
          continue; // a value two of a `oneOf`'s members accept: not valid, nothing to compare
        }
        // The same JSON; properties may come in another order (see serializationSchema).
        expect(JSON.parse(rewritten(value))).toEqual(JSON.parse(expected));
        compared++;
      }
      expect(compared).toBeGreaterThan(150);
    });
  }

  it('turns nullable objects and unions of objects into plain objects', () => {
    const countUnions = (s: unknown): number =>
      typeof s !== 'object' || s === null
        ? 0
        : Object.entries(s).reduce(
            (n, [key, v]) => n + (key === 'anyOf' || key === 'oneOf' ? 1 : 0) + countUnions(v),
            0,
          );
    const email = serializationSchema(schemas.EmailAddress) as Schema;
    expect(countUnions(email)).toBe(0);
    expect(countUnions(schemas.EmailAddress)).toBeGreaterThan(0); // the contract is unchanged
    const verification = (email.properties as Record<string, Schema>).verification!;
    expect(verification).toMatchObject({ type: 'object', nullable: true });
  });

  it('leaves a union whose members write a property differently', () => {
    const union = {
      anyOf: [
        { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false },
        { type: 'object', properties: { a: { type: 'integer' } }, additionalProperties: false },
      ],
    };
    expect(serializationSchema(union)).toEqual(union);
  });
});
