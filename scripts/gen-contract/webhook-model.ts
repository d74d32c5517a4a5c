// The webhooks spec (`x-webhooks` + its own components) → schemas of every event's payload.
//
// Its components share names with the Backend API's (`User`, `Organization`, `Session`) but
// not their shapes, so they get their own identifiers: `Webhook` + the spec name.
import { NameRegistry, toConstName } from './component-names.js';
import { compare, topologicalOrder, type ComponentEntry } from './component-model.js';
import type { EmitContext, Notebook } from './emit-context.js';
import { parseRef, resolveComponent, type OaDocument, type OaSchema } from './openapi-types.js';
import { emitSchema } from './schema-emitter.js';

/** The webhooks document: OpenAPI 3.0 with `x-webhooks` in place of `paths`. */
export interface WebhooksDocument extends OaDocument {
  'x-webhooks'?: Record<string, { post?: WebhookOperation }>;
}

interface WebhookOperation {
  requestBody?: { content?: Record<string, { schema?: OaSchema }> };
}

export interface WebhookEventEntry {
  /** The event type, e.g. `user.created`. */
  type: string;
  /** TypeBox code for the whole payload: the envelope merged with its `data`. */
  code: string;
  deps: string[];
}

export interface WebhookModel {
  schemas: ComponentEntry[];
  events: WebhookEventEntry[];
}

/** `User` → `WebhookUser`; `WebhookEventPayload` stays as it is. */
export function toWebhookConstName(specName: string): string {
  const base = toConstName(specName);
  return base.startsWith('Webhook') ? base : `Webhook${base}`;
}

export function buildWebhookModel(
  doc: WebhooksDocument,
  notebook: Notebook,
  knownFormats: ReadonlySet<string>,
): WebhookModel {
  const names = new NameRegistry();
  const componentSchemas = doc.components.schemas ?? {};
  const consts = new Map<string, string>();
  for (const name of Object.keys(componentSchemas).sort()) {
    consts.set(name, names.claim(toWebhookConstName(name), `webhook schema ${name}`));
  }
  const context = (deps: Set<string>): EmitContext => ({
    refConst(ref) {
      const { section, name } = parseRef(ref);
      const id = section === 'schemas' ? consts.get(name) : undefined;
      if (id === undefined) throw new Error(`webhooks: no identifier for ${ref}`);
      deps.add(id);
      return id;
    },
    lookupRef: (ref) => resolveComponent<OaSchema>(doc, ref, 'schemas'),
    knownFormats,
    note: (where, message) => notebook.add(where, message),
  });

  const schemas = [...consts].map(([specName, constName]): ComponentEntry => {
    const deps = new Set<string>();
    const code = emitSchema(componentSchemas[specName]!, context(deps), `webhooks:${specName}`);
    return { constName, specName, source: 'current', code, deps: [...deps].sort() };
  });

  const events = Object.entries(doc['x-webhooks'] ?? {})
    .sort(([a], [b]) => compare(a, b))
    .map(([type, item]): WebhookEventEntry => {
      const schema = item.post?.requestBody?.content?.['application/json']?.schema;
      if (schema === undefined) throw new Error(`webhooks: ${type} has no JSON request body`);
      const deps = new Set<string>();
      const code = emitSchema(schema, context(deps), `webhooks:x-webhooks/${type}`);
      return { type, code, deps: [...deps].sort() };
    });
  return { schemas: topologicalOrder(schemas), events };
}
