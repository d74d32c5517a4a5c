import { apiErrors } from '../errors/api-errors.js';
import type { FormFields } from './fapi-context.js';

/**
 * Reading clerk-js's form fields. clerk-js sends `null` as an empty string, objects as JSON
 * strings and arrays as repeated keys, so a field is a string, several strings, or absent.
 */

/** The field's one value (the last, if repeated); `undefined` when absent. */
export function formString(fields: FormFields, name: string): string | undefined {
  const value = fields[name];
  return Array.isArray(value) ? value.at(-1) : value;
}

/** The field's value, with an empty string (clerk-js's `null`) read as absent. */
export function optionalFormString(fields: FormFields, name: string): string | undefined {
  const value = formString(fields, name)?.trim();
  return value === '' ? undefined : value;
}

/** A field the request must carry (non-empty): else `form_param_missing` naming it. */
export function requireFormString(fields: FormFields, name: string): string {
  const value = optionalFormString(fields, name);
  if (value === undefined) throw apiErrors.paramMissing(name);
  return value;
}

/** Every value of a repeated field (`a=1&a=2`), empty ones dropped. */
export function formStrings(fields: FormFields, name: string): string[] {
  const value = fields[name];
  const values = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return values.filter((v) => v !== '');
}

/** `true`/`false` (absent: `undefined`); anything else is `form_param_format_invalid`. */
export function formBoolean(fields: FormFields, name: string): boolean | undefined {
  const value = optionalFormString(fields, name);
  if (value === undefined) return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw apiErrors.paramFormatInvalid(name, 'must be true or false');
}
