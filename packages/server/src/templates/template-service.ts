import type { RequestBody, RequestQuery, ResponseBody } from '@castellan/contract';
import type { Kysely } from 'kysely';
import type { Db } from '../db/schema.js';
import { toBool } from '../db/values.js';
import { apiErrors } from '../errors/api-errors.js';
import { generateId } from '../ids/generate-id.js';
import { pageOf } from '../lists/list-params.js';
import { arrayOrPaginated } from '../lists/list-responses.js';
import type { Scope } from '../platform/scope.js';
import { runWrite } from '../platform/write.js';
import {
  findSystemTemplate,
  isTemplateType,
  SYSTEM_TEMPLATES,
  type SystemTemplate,
} from './system-templates.js';
import { checkTemplateInput, type TemplateInput } from './template-input.js';
import {
  deleteTemplateRow,
  findInstanceApp,
  findTemplateRow,
  listTemplateRows,
  lockTemplateRow,
  saveTemplateRow,
  type TemplateRow,
} from './template-store.js';

export type Template = ResponseBody<'GetTemplate', '200'>;

/** When the system templates "were made": a fixed time, so their answers never change. */
const SYSTEM_TEMPLATES_AT = Date.UTC(2026, 11, 7);

/** A template as it applies to an instance: its override if it has one, else the system one. */
export interface EffectiveTemplate {
  system: SystemTemplate;
  row: TemplateRow | undefined;
  name: string;
  subject: string | null;
  markup: string;
  body: string;
  fromEmailName: string;
  replyToEmailName: string;
  deliveredByClerk: boolean;
  enabled: boolean;
}

function effectiveOf(system: SystemTemplate, row: TemplateRow | undefined): EffectiveTemplate {
  if (!row) {
    return {
      system,
      row,
      name: system.name,
      subject: system.subject,
      markup: '',
      body: system.body,
      fromEmailName: system.fromEmailName,
      replyToEmailName: '',
      deliveredByClerk: true,
      enabled: true,
    };
  }
  return {
    system,
    row,
    name: row.name,
    subject: row.subject,
    markup: row.markup,
    body: row.body,
    fromEmailName: row.from_email_name ?? '',
    replyToEmailName: row.reply_to_email_name ?? '',
    deliveredByClerk: toBool(row.delivered_by_clerk),
    enabled: toBool(row.enabled),
  };
}

function templateOf(t: EffectiveTemplate): Template {
  const { system, row } = t;
  return {
    object: 'template',
    id: row?.id ?? system.id,
    instance_id: row?.instance_id ?? null,
    resource_type: row ? 'user' : 'system',
    template_type: system.templateType,
    name: t.name,
    slug: system.slug,
    position: system.position,
    can_revert: row !== undefined,
    can_delete: false,
    can_edit_body: true,
    can_toggle: system.canToggle,
    subject: t.subject,
    markup: t.markup,
    body: t.body,
    available_variables: [...system.availableVariables],
    required_variables: [...system.requiredVariables],
    from_email_name: t.fromEmailName,
    reply_to_email_name: t.replyToEmailName,
    delivered_by_clerk: t.deliveredByClerk,
    enabled: t.enabled,
    flagged_as_suspicious: false,
    created_at: row?.created_at ?? SYSTEM_TEMPLATES_AT,
    updated_at: row?.updated_at ?? SYSTEM_TEMPLATES_AT,
  };
}

function systemTemplateOf(type: string, slug: string): SystemTemplate {
  const system = findSystemTemplate(type, slug);
  if (!system) throw apiErrors.templateNotFound(type, slug);
  return system;
}

/**
 * The template an instance sends a message with (services read it inside their write, so a
 * message and the template it used belong to the same snapshot).
 */
export async function readEffectiveTemplate(
  db: Kysely<Db>,
  instanceId: string,
  type: 'email' | 'sms',
  slug: string,
): Promise<EffectiveTemplate> {
  const system = systemTemplateOf(type, slug);
  return effectiveOf(system, await findTemplateRow(db, instanceId, type, slug));
}

/** `GET /v1/templates/{type}`: by position, a bare array or `{ data, total_count }`. */
export async function listTemplates(
  scope: Scope,
  type: string,
  query: RequestQuery<'GetTemplateList'>,
) {
  if (!isTemplateType(type)) throw apiErrors.templateNotFound(type, '(any)');
  const rows = await listTemplateRows(scope.db, scope.instanceId, type);
  const bySlug = new Map(rows.map((row) => [row.slug, row]));
  const all = SYSTEM_TEMPLATES[type].map((system) =>
    templateOf(effectiveOf(system, bySlug.get(system.slug))),
  );
  const page = pageOf(query);
  const data = all.slice(page.offset, page.offset + page.limit);
  return arrayOrPaginated(query, data, async () => all.length);
}

export async function getTemplate(scope: Scope, type: string, slug: string): Promise<Template> {
  const system = systemTemplateOf(type, slug);
  return templateOf(
    effectiveOf(system, await findTemplateRow(scope.db, scope.instanceId, type, slug)),
  );
}

/** Writes the instance's override: the template as it is now with `changes` applied. */
async function writeOverride(
  scope: Scope,
  system: SystemTemplate,
  change: (current: EffectiveTemplate) => Partial<EffectiveTemplate>,
): Promise<Template> {
  return runWrite(scope, async (tx) => {
    const type = system.templateType;
    const locked = await lockTemplateRow(tx.db, tx.dialect, tx.instanceId, type, system.slug);
    const current = effectiveOf(system, locked);
    const next = { ...current, ...change(current) };
    const row: TemplateRow = {
      id: locked?.id ?? generateId('tmpl', tx.now),
      instance_id: tx.instanceId,
      template_type: type,
      slug: system.slug,
      name: next.name,
      subject: next.subject,
      markup: next.markup,
      body: next.body,
      from_email_name: next.fromEmailName,
      reply_to_email_name: next.replyToEmailName,
      delivered_by_clerk: next.deliveredByClerk,
      enabled: next.enabled,
      created_at: locked?.created_at ?? tx.now,
      updated_at: tx.now,
    };
    const saved = await saveTemplateRow(tx.db, row);
    // Clerk has no template events (webhooks spec): nothing is emitted.
    return templateOf(effectiveOf(system, saved));
  });
}

/** `PUT /v1/templates/{type}/{slug}`: checked (variables, syntax, email-only fields), saved. */
export async function upsertTemplate(
  scope: Scope,
  type: string,
  slug: string,
  body: RequestBody<'UpsertTemplate'>,
): Promise<Template> {
  const system = systemTemplateOf(type, slug);
  const current = await readEffectiveTemplate(
    scope.db,
    scope.instanceId,
    system.templateType,
    slug,
  );
  const input: TemplateInput = checkTemplateInput(system, current, body);
  return writeOverride(scope, system, () => input);
}

/** `POST …/toggle_delivery`: whether Castellan hands the messages to its transport. */
export async function toggleTemplateDelivery(
  scope: Scope,
  type: string,
  slug: string,
  body: RequestBody<'ToggleTemplateDelivery'>,
): Promise<Template> {
  const system = systemTemplateOf(type, slug);
  return writeOverride(scope, system, (current) => ({
    // Without a value, it flips (the operation's name says toggle).
    deliveredByClerk: body?.delivered_by_clerk ?? !current.deliveredByClerk,
  }));
}

/** `POST …/revert`: deletes the override; the system template applies again. */
export async function revertTemplate(scope: Scope, type: string, slug: string): Promise<Template> {
  const system = systemTemplateOf(type, slug);
  return runWrite(scope, async (tx) => {
    const locked = await lockTemplateRow(tx.db, tx.dialect, tx.instanceId, type, slug);
    if (!locked) throw apiErrors.templateNotReverted(type, slug);
    await deleteTemplateRow(tx.db, tx.instanceId, type, slug);
    return templateOf(effectiveOf(system, undefined));
  });
}

/** The instance's `{{app}}` (its name and Frontend API host). */
export async function readInstanceApp(db: Kysely<Db>, instanceId: string) {
  return (await findInstanceApp(db, instanceId)) ?? { name: 'Castellan', frontendApi: 'localhost' };
}
