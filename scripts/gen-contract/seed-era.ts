// Operations only the seed-era spec has, and the component schemas they pull in.
//
// A seed-era schema is reused from the latest spec when it means the same there (same
// canonical form, and every schema it refers to is reused too). Otherwise it is emitted
// under its own identifier: the plain name when free, else `<Name>SeedEra`.
import { NameRegistry, toConstName } from './component-names.js';
import {
  listOperations,
  parseRef,
  resolveComponent,
  type OaDocument,
  type OaSchema,
  type RawOperation,
} from './openapi-types.js';
import { canonicalSchema, collectRefs } from './schema-canonical.js';

export interface SeedEraSelection {
  operations: RawOperation[];
  /** Seed-era schema name → identifier (reused or new). */
  schemaConsts: Map<string, string>;
  /** Seed-era schema names that get their own generated const, sorted. */
  emitted: string[];
}

export function selectSeedEra(
  current: OaDocument,
  seed: OaDocument,
  currentConsts: ReadonlyMap<string, string>,
  names: NameRegistry,
): SeedEraSelection {
  const currentIds = new Set(listOperations(current).map((op) => op.operationId));
  const operations = listOperations(seed).filter((op) => !currentIds.has(op.operationId));
  const closure = schemaClosure(seed, operations);
  const currentSchemas = current.components.schemas ?? {};
  const seedSchemas = seed.components.schemas ?? {};

  // Start from "textually equal", then drop anything that refers to a schema that differs.
  const reused = new Set(
    [...closure].filter(
      (name) =>
        currentSchemas[name] !== undefined &&
        canonicalSchema(currentSchemas[name]) === canonicalSchema(seedSchemas[name]),
    ),
  );
  for (let changed = true; changed;) {
    changed = false;
    for (const name of reused) {
      const refs = collectRefs(seedSchemas[name]).map((ref) => parseRef(ref).name);
      if (refs.some((ref) => !reused.has(ref))) {
        reused.delete(name);
        changed = true;
      }
    }
  }

  const schemaConsts = new Map<string, string>();
  const emitted = [...closure].filter((name) => !reused.has(name)).sort();
  for (const name of reused) schemaConsts.set(name, currentConsts.get(name)!);
  for (const name of emitted) {
    const plain = toConstName(name);
    const clash = currentSchemas[name] !== undefined || names.has(plain);
    schemaConsts.set(name, names.claim(clash ? `${plain}SeedEra` : plain, `seed-era:${name}`));
  }
  return { operations, schemaConsts, emitted };
}

/** Schema names reachable from the operations, through responses, parameters and bodies. */
function schemaClosure(doc: OaDocument, operations: RawOperation[]): Set<string> {
  const pending = operations.flatMap((op) => collectRefs(op.operation));
  const schemas = new Set<string>();
  const seen = new Set<string>();
  while (pending.length > 0) {
    const ref = pending.pop()!;
    if (seen.has(ref)) continue;
    seen.add(ref);
    const { section, name } = parseRef(ref);
    if (section === 'schemas') schemas.add(name);
    pending.push(...collectRefs(resolveComponent<OaSchema>(doc, ref, section)));
  }
  return schemas;
}
