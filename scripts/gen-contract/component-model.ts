// Component schemas and response bodies of both specs, emitted and put in dependency order.
import { NameRegistry, toConstName, toResponseConstName } from './component-names.js';
import type { EmitContext, Notebook } from './emit-context.js';
import { parseRef, resolveComponent, type OaDocument, type OaSchema } from './openapi-types.js';
import { emitSchema } from './schema-emitter.js';
import { selectSeedEra, type SeedEraSelection } from './seed-era.js';

export type Source = 'current' | 'seed-era';

export interface ComponentEntry {
  constName: string;
  specName: string;
  source: Source;
  code: string;
  deps: string[];
}

/** How one spec document's refs map to identifiers. */
export interface DocScope {
  source: Source;
  doc: OaDocument;
  schemaConsts: ReadonlyMap<string, string>;
  responseConsts: ReadonlyMap<string, string>;
}

export interface ComponentModel {
  schemas: ComponentEntry[];
  responses: ComponentEntry[];
  current: DocScope;
  seedEra: DocScope;
  seedSelection: SeedEraSelection;
}

export function buildComponentModel(
  current: OaDocument,
  seed: OaDocument,
  notebook: Notebook,
  knownFormats: ReadonlySet<string>,
): ComponentModel {
  const names = new NameRegistry();
  const currentSchemas = current.components.schemas ?? {};
  const schemaConsts = new Map<string, string>();
  for (const name of Object.keys(currentSchemas).sort()) {
    schemaConsts.set(name, names.claim(toConstName(name), `schema ${name}`));
  }
  // Response components whose body is a bare $ref reuse the schema const; others get one.
  const responseConsts = new Map<string, string>();
  const responseBodies = new Map<string, OaSchema>();
  for (const [name, response] of Object.entries(current.components.responses ?? {})) {
    const body = response.content?.['application/json']?.schema;
    if (body === undefined || isBareRef(body)) continue;
    responseConsts.set(name, names.claim(toResponseConstName(name), `response ${name}`));
    responseBodies.set(name, body);
  }
  const seedSelection = selectSeedEra(current, seed, schemaConsts, names);
  const currentScope = { source: 'current' as const, doc: current, schemaConsts, responseConsts };
  const seedScope = {
    source: 'seed-era' as const,
    doc: seed,
    schemaConsts: seedSelection.schemaConsts,
    responseConsts: new Map<string, string>(),
  };

  const emit = (scope: DocScope, specName: string, constName: string, body: OaSchema) => {
    const deps = new Set<string>();
    const ctx = createEmitContext(scope, deps, notebook, knownFormats);
    const code = emitSchema(body, ctx, `${scope.source}:${specName}`);
    return { constName, specName, source: scope.source, code, deps: [...deps].sort() };
  };
  const schemas = [
    ...[...schemaConsts].map(([name, id]) => emit(currentScope, name, id, currentSchemas[name]!)),
    ...seedSelection.emitted.map((name) =>
      emit(seedScope, name, seedSelection.schemaConsts.get(name)!, seed.components.schemas![name]!),
    ),
  ];
  const responses = [...responseConsts]
    .map(([name, id]) => emit(currentScope, name, id, responseBodies.get(name)!))
    .sort((a, b) => compare(a.constName, b.constName));
  return {
    schemas: topologicalOrder(schemas),
    responses,
    current: currentScope,
    seedEra: seedScope,
    seedSelection,
  };
}

export function createEmitContext(
  scope: DocScope,
  deps: Set<string>,
  notebook: Notebook,
  knownFormats: ReadonlySet<string>,
): EmitContext {
  return {
    refConst(ref) {
      const { section, name } = parseRef(ref);
      const id = section === 'schemas' ? scope.schemaConsts.get(name) : undefined;
      if (id === undefined) throw new Error(`${scope.source}: no identifier for ${ref}`);
      deps.add(id);
      return id;
    },
    lookupRef: (ref) => resolveComponent<OaSchema>(scope.doc, ref, 'schemas'),
    knownFormats,
    note: (where, message) => notebook.add(where, message),
  };
}

function isBareRef(schema: OaSchema): boolean {
  return schema.$ref !== undefined && Object.keys(schema).length === 1;
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Dependencies first; ties by name, so the order is stable. The spec has no cycles. */
export function topologicalOrder(entries: ComponentEntry[]): ComponentEntry[] {
  const byName = new Map(entries.map((entry) => [entry.constName, entry]));
  const state = new Map<string, 'visiting' | 'done'>();
  const out: ComponentEntry[] = [];
  const visit = (entry: ComponentEntry, path: string[]) => {
    const seen = state.get(entry.constName);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      throw new Error(
        `Schema cycle ${[...path, entry.constName].join(' → ')}: ` +
          'the generator emits plain consts and would need Type.Cyclic for this',
      );
    }
    state.set(entry.constName, 'visiting');
    for (const dep of entry.deps) {
      if (dep !== entry.constName) visit(byName.get(dep)!, [...path, entry.constName]);
      else throw new Error(`Schema ${dep} refers to itself; Type.Cyclic would be needed`);
    }
    state.set(entry.constName, 'done');
    out.push(entry);
  };
  for (const entry of [...entries].sort((a, b) => compare(a.constName, b.constName))) {
    visit(entry, []);
  }
  return out;
}
