// The webhooks spec (`x-webhooks` + its own components) → schemas of every event's payload.
//
// Its components share names with the Backend API's (`User`, `Organization`, `Session`) but
// not their shapes, so they get their own identifiers: `Webhook` + the spec name.
import { toConstName } from './component-names.js';
import { compare, topologicalOrder, type ComponentEntry } from './component-model.js';
import type { Notebook } from './emit-context.js';
import type { OaDocument, OaSchema } from './openapi-types.js';
import { emitSchema } from './schema-emitter.js';
import { specComponents } from './spec-components.js';

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
  const { schemas, context } = specComponents(
    doc,
    notebook,
    knownFormats,
    toWebhookConstName,
    'webhooks',
  );

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
