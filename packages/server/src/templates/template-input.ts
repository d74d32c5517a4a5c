import type { RequestBody } from '@castellan/contract';
import { apiErrors } from '../errors/api-errors.js';
import type { SystemTemplate } from './system-templates.js';
import { renderTemplateText, TemplateSyntaxError, variablesIn } from './template-renderer.js';
import { sampleVariables } from './template-variables.js';

/** What an upsert may change. */
export interface TemplateInput {
  name: string;
  subject: string | null;
  markup: string;
  body: string;
  fromEmailName: string;
  replyToEmailName: string;
  deliveredByClerk: boolean;
}

/** A body or subject longer than this is refused (a message, not a document). */
const MAX_TEMPLATE_CHARS = 100_000;
/** The local part of an address (`hello` in `hello@example.com`), RFC 5321's length. */
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}$/;

/**
 * Compiles `text` and renders it once with sample values, so a template that would fail
 * when a message is sent (a syntax error, an unknown helper) is refused when it is saved.
 */
export function checkCompiles(param: 'body' | 'subject', text: string): Set<string> {
  if (text.length > MAX_TEMPLATE_CHARS) {
    throw apiErrors.paramTooLarge(param, `must be at most ${MAX_TEMPLATE_CHARS} characters`);
  }
  try {
    const used = variablesIn(text);
    renderTemplateText(text, sampleVariables({ name: 'App', frontendApi: 'example.com' }, 0));
    return used;
  } catch (error) {
    if (error instanceof TemplateSyntaxError) {
      throw apiErrors.templateSyntaxInvalid(param, error.message);
    }
    throw error;
  }
}

function checkLocalPart(param: string, value: string): string {
  if (value !== '' && !LOCAL_PART.test(value)) {
    throw apiErrors.paramValueInvalid(
      param,
      'must be the local part of an email address (hello in hello@example.com)',
    );
  }
  return value;
}

/**
 * An upsert's body applied to the template as it is: fields left out keep their value; the
 * body must still read every required variable; subject and sender names are email-only.
 */
export function checkTemplateInput(
  system: SystemTemplate,
  current: TemplateInput,
  body: RequestBody<'UpsertTemplate'>,
): TemplateInput {
  const input = body ?? {};
  const email = system.templateType === 'email';
  if (!email) {
    for (const param of ['subject', 'from_email_name', 'reply_to_email_name'] as const) {
      if (input[param] !== undefined && input[param] !== null) {
        throw apiErrors.templateParamEmailOnly(param);
      }
    }
  }
  const name = input.name ?? current.name;
  if (name.trim() === '') throw apiErrors.paramValueInvalid('name', 'must not be empty');
  const text = input.body ?? current.body;
  const used = checkCompiles('body', text);
  const missing = system.requiredVariables.find((variable) => !used.has(variable));
  if (missing !== undefined) throw apiErrors.templateVariableMissing(missing, system.slug);
  let subject = current.subject;
  if (email && input.subject !== undefined) {
    if (input.subject === null || input.subject.trim() === '') {
      throw apiErrors.paramValueInvalid('subject', 'must not be empty for an email template');
    }
    checkCompiles('subject', input.subject);
    subject = input.subject;
  }
  return {
    name,
    subject,
    markup: input.markup ?? current.markup,
    body: text,
    fromEmailName: checkLocalPart(
      'from_email_name',
      input.from_email_name ?? current.fromEmailName,
    ),
    replyToEmailName: checkLocalPart(
      'reply_to_email_name',
      input.reply_to_email_name ?? current.replyToEmailName,
    ),
    deliveredByClerk: input.delivered_by_clerk ?? current.deliveredByClerk,
  };
}
