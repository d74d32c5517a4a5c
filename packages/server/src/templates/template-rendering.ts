import type { RequestBody } from '@castellan/contract';
import type { Kysely } from 'kysely';
import type { Db } from '../db/schema.js';
import { apiErrors } from '../errors/api-errors.js';
import type { Scope } from '../platform/scope.js';
import { findSystemTemplate } from './system-templates.js';
import { checkCompiles } from './template-input.js';
import { renderTemplateText, type TemplateVariables } from './template-renderer.js';
import { readEffectiveTemplate, readInstanceApp } from './template-service.js';
import { appVariables, formatRequestedAt, sampleVariables } from './template-variables.js';

/** A message as its template made it, with how it leaves. */
export interface RenderedMessage {
  subject: string | null;
  body: string;
  /** The variables it was rendered with (the event's `data`, as Clerk's). */
  data: TemplateVariables;
  fromEmailName: string;
  replyToEmailName: string | null;
  /** `false`: the app delivers it (from the `email.created` / `sms.created` event). */
  deliveredByClerk: boolean;
  /** `false`: switched off (notification SMS): nothing is recorded or sent. */
  enabled: boolean;
}

/**
 * Renders the instance's template (its override, else the system one) for `slug` with the
 * message's own values plus `{{app}}` and `{{requested_at}}`. An override that fails to
 * render (it compiled when saved, so only with unexpected values) falls back to the system
 * template: a verification code is never lost to a broken template.
 */
export async function renderMessage(
  db: Kysely<Db>,
  instanceId: string,
  message: { channel: 'email' | 'sms'; slug: string; variables: TemplateVariables; now: number },
): Promise<RenderedMessage> {
  const template = await readEffectiveTemplate(db, instanceId, message.channel, message.slug);
  const data = {
    app: appVariables(await readInstanceApp(db, instanceId)),
    requested_at: formatRequestedAt(message.now),
    ...message.variables,
  };
  const render = (subject: string | null, body: string) => ({
    subject: subject === null ? null : renderTemplateText(subject, data),
    body: renderTemplateText(body, data),
  });
  let text: { subject: string | null; body: string };
  try {
    text = render(template.subject, template.body);
  } catch {
    text = render(template.system.subject, template.system.body);
  }
  return {
    ...text,
    data,
    fromEmailName: template.fromEmailName,
    replyToEmailName: template.replyToEmailName === '' ? null : template.replyToEmailName,
    deliveredByClerk: template.deliveredByClerk,
    enabled: template.enabled || !template.system.canToggle,
  };
}

/** The answer of `PreviewTemplate` (its spec says only "object"; docs/messages.md). */
export type TemplatePreview = {
  subject: string | null;
  body: string;
  from_email_address: string | null;
  reply_to_email_address: string | null;
};

/**
 * `POST …/preview`: renders the given subject and body (else the instance's template) with
 * sample values. Nothing is saved or sent.
 */
export async function previewTemplate(
  scope: Scope,
  type: string,
  slug: string,
  body: RequestBody<'PreviewTemplate'>,
): Promise<TemplatePreview> {
  const system = findSystemTemplate(type, slug);
  if (!system) throw apiErrors.templateNotFound(type, slug);
  const input = body ?? {};
  const email = system.templateType === 'email';
  if (!email && input.subject !== undefined && input.subject !== null) {
    throw apiErrors.templateParamEmailOnly('subject');
  }
  const current = await readEffectiveTemplate(
    scope.db,
    scope.instanceId,
    system.templateType,
    slug,
  );
  const text = input.body ?? current.body;
  const subject = email ? (input.subject ?? current.subject) : null;
  checkCompiles('body', text);
  if (subject !== null) checkCompiles('subject', subject);
  const app = await readInstanceApp(scope.db, scope.instanceId);
  const variables = sampleVariables(app, scope.clock.now());
  const address = (name: string) => (email && name !== '' ? `${name}@${app.frontendApi}` : null);
  return {
    subject: subject === null ? null : renderTemplateText(subject, variables),
    body: renderTemplateText(text, variables),
    from_email_address: address(input.from_email_name ?? current.fromEmailName),
    reply_to_email_address: address(input.reply_to_email_name ?? current.replyToEmailName),
  };
}
