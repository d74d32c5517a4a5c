import { Ajv, type ValidateFunction } from 'ajv';
import formatsPlugin from 'ajv-formats';
import { FapiClerkErrors, fapiOperations, type FapiOperationId } from './generated/fapi.js';
import { check, fail, type ResponseValidation } from './response-validator.js';

const OK: ResponseValidation = { ok: true, errors: '' };

/** Each operation's spec path as a pattern: `{sign_in_id}` matches one path segment. */
const PATTERNS = Object.entries(fapiOperations).map(([id, op]) => ({
  id: id as FapiOperationId,
  method: op.method as string,
  path: op.path as string,
  pattern: new RegExp(`^${op.path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
}));

/**
 * The Frontend API operation a request is, by method and path (`/v1/…`, after the prefix
 * Castellan serves it under). A literal path wins over one with parameters
 * (`/v1/client/sessions/{session_id}` does not take `/v1/client/sessions/…/tokens`).
 */
export function findFapiOperation(method: string, path: string): FapiOperationId | undefined {
  const matches = PATTERNS.filter((p) => p.method === method.toUpperCase() && p.pattern.test(path));
  matches.sort((a, b) => (a.path.match(/\{/g)?.length ?? 0) - (b.path.match(/\{/g)?.length ?? 0));
  return matches[0]?.id;
}

let ajv: Ajv | undefined;
const cache = new Map<object, ValidateFunction>();

function compiled(schema: object): ValidateFunction {
  let validate = cache.get(schema);
  if (validate === undefined) {
    if (ajv === undefined) {
      ajv = new Ajv({ strict: false, allErrors: true });
      formatsPlugin.default(ajv);
    }
    validate = ajv.compile(schema);
    cache.set(schema, validate);
  }
  return validate;
}

/**
 * Checks one Frontend API response against the FAPI spec: `body` is the parsed JSON body, or
 * `undefined` when there was none. A status the operation does not declare is allowed only
 * as an error (4xx/5xx, any server may answer those: a body it cannot read, rate limits);
 * every error, declared or not, is checked as Clerk's error envelope.
 */
export function validateFapiResponse(
  method: string,
  path: string,
  status: number,
  body: unknown,
): ResponseValidation {
  const id = findFapiOperation(method, path);
  if (id === undefined) return fail(`No Frontend API operation is ${method} ${path}`);
  const label = `${id} ${status}`;
  const responses = fapiOperations[id].responses as Record<string, object | null>;
  const declared = responses[String(status)];
  // An error always carries Clerk's envelope, even where the spec names the status only.
  if (status >= 400 && (declared === undefined || declared === null)) {
    return check(compiled(FapiClerkErrors), body, label);
  }
  if (declared === undefined) return fail(`${label}: status not declared by the spec`);
  if (declared === null) {
    return body === undefined ? OK : fail(`${label}: the spec declares no body`);
  }
  return check(compiled(declared), body, label);
}
