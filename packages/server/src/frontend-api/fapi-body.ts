import type { FastifyInstance } from 'fastify';
import { apiErrors } from '../errors/api-errors.js';
import type { FormFields, FormValue } from './fapi-context.js';

/** Repeated keys (`a=1&a=2`) become arrays, as clerk-js sends arrays. */
export function parseForm(text: string): Record<string, FormValue> {
  const fields: Record<string, FormValue> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    if (key === '__proto__') continue;
    const previous = fields[key];
    fields[key] =
      previous === undefined
        ? value
        : Array.isArray(previous)
          ? [...previous, value]
          : [previous, value];
  }
  return fields;
}

/**
 * A JSON body as form fields: strings stay, numbers and booleans become their text, objects
 * their JSON (what clerk-js sends for objects in a form), null an empty string.
 */
export function jsonToFields(body: unknown): FormFields {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw apiErrors.badRequest('The request body must be a JSON object or a form.');
  }
  const fields: Record<string, FormValue> = {};
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (Array.isArray(value)) fields[key] = value.map(fieldText);
    else fields[key] = fieldText(value);
  }
  return fields;
}

function fieldText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value as number | boolean);
}

/** The request's body as fields: form-encoded (parsed here) or JSON (parsed by the root). */
export function bodyFields(contentType: string | undefined, body: unknown): FormFields {
  if (contentType?.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    return (body as FormFields | undefined) ?? {};
  }
  return jsonToFields(body);
}

/** Query strings are parsed the same way as form bodies (repeated keys are arrays). */
export function queryFields(url: string): FormFields {
  const at = url.indexOf('?');
  return at < 0 ? {} : parseForm(url.slice(at + 1));
}

/** Form bodies, in the FAPI's scope only (the Backend API stays JSON). */
export function registerFormBodyParser(app: FastifyInstance): void {
  app.addContentTypeParser(
    /^application\/x-www-form-urlencoded(\s*;.*)?$/i,
    { parseAs: 'string' },
    (_request, body, done) => done(null, parseForm(body as string)),
  );
}
