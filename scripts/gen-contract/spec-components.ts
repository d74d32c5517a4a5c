// The component schemas of a spec other than the Backend API's (the webhooks and the
// Frontend API specs): each gets an identifier of its own (their names clash with the
// Backend API's), and its TypeBox code, with the identifiers it refers to.
import { NameRegistry } from './component-names.js';
import type { ComponentEntry } from './component-model.js';
import type { EmitContext, Notebook } from './emit-context.js';
import { parseRef, resolveComponent, type OaDocument, type OaSchema } from './openapi-types.js';
import { emitSchema } from './schema-emitter.js';

export interface SpecComponents {
  schemas: ComponentEntry[];
  /** The emit context for more of the spec's schemas (responses, events): refs to its components. */
  context(deps: Set<string>): EmitContext;
}

/**
 * `constName` names each component (`User` → `WebhookUser`); `label` names the spec in
 * errors and notes (`webhooks`, `fapi`).
 */
export function specComponents(
  doc: OaDocument,
  notebook: Notebook,
  knownFormats: ReadonlySet<string>,
  constName: (specName: string) => string,
  label: string,
): SpecComponents {
  const names = new NameRegistry();
  const componentSchemas = doc.components.schemas ?? {};
  const consts = new Map<string, string>();
  for (const name of Object.keys(componentSchemas).sort()) {
    consts.set(name, names.claim(constName(name), `${label} schema ${name}`));
  }
  const context = (deps: Set<string>): EmitContext => ({
    refConst(ref) {
      const { section, name } = parseRef(ref);
      const id = section === 'schemas' ? consts.get(name) : undefined;
      if (id === undefined) throw new Error(`${label}: no identifier for ${ref}`);
      deps.add(id);
      return id;
    },
    lookupRef: (ref) => resolveComponent<OaSchema>(doc, ref, 'schemas'),
    knownFormats,
    note: (where, message) => notebook.add(where, message),
  });
  const schemas = [...consts].map(([specName, id]): ComponentEntry => {
    const deps = new Set<string>();
    const code = emitSchema(componentSchemas[specName]!, context(deps), `${label}:${specName}`);
    return { constName: id, specName, source: 'current', code, deps: [...deps].sort() };
  });
  return { schemas, context };
}
