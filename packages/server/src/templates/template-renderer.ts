import Handlebars from 'handlebars';
import { LruCache } from '../cache/lru-cache.js';

/**
 * Templates are Handlebars, as Clerk's are (`{{app.name}}`, `{{#if inviter_name}}…{{/if}}`),
 * rendered in an environment of their own with only the built-in helpers. Bodies are plain
 * text, so nothing is HTML-escaped (`noEscape`): an `&` in an action URL stays an `&`.
 * Handlebars refuses prototype access by default, so a template reads only the variables.
 */
const handlebars = Handlebars.create();

export type TemplateVariables = Record<string, unknown>;

/** Why a template does not compile or render, in Handlebars' words (first line). */
export class TemplateSyntaxError extends Error {}

type Renderer = (variables: TemplateVariables) => string;

/** Compiled template texts, least recently used dropped first (texts are set through the API). */
const MAX_CACHED = 200;
const compiled = new LruCache<string, Renderer>(MAX_CACHED, Infinity);

function compile(text: string): Renderer {
  let render = compiled.get(text);
  if (!render) {
    const template = handlebars.compile(text, { noEscape: true, strict: false });
    render = (variables) => template(variables);
    compiled.set(text, render);
  }
  return render;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.trim();
}

/** Renders `text` with `variables`; throws `TemplateSyntaxError` for a broken template. */
export function renderTemplateText(text: string, variables: TemplateVariables): string {
  try {
    return compile(text)(variables);
  } catch (error) {
    throw new TemplateSyntaxError(firstLine(error));
  }
}

/** Every variable path `text` reads (`app.name`, `otp_code`); throws for a broken template. */
export function variablesIn(text: string): Set<string> {
  let ast: unknown;
  try {
    ast = handlebars.parse(text);
  } catch (error) {
    throw new TemplateSyntaxError(firstLine(error));
  }
  const paths = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    const record = node as { type?: unknown; original?: unknown; loc?: unknown };
    if (record.type === 'PathExpression' && typeof record.original === 'string') {
      paths.add(record.original.replace(/^this\./, ''));
    }
    for (const [key, value] of Object.entries(record)) if (key !== 'loc') walk(value);
  };
  walk(ast);
  return paths;
}
