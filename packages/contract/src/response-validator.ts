import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import formatsPlugin from 'ajv-formats';
import { operations } from './generated/operations.js';
import { ClerkErrors } from './generated/schemas.js';
import type { OperationDefinition } from './operation-definition.js';
import { paginatedEnvelopeOf } from './paginated-lists.js';

export interface ResponseValidation {
  ok: boolean;
  /** Empty when `ok`; otherwise one line per problem, `; `-separated. */
  errors: string;
}

/**
 * Checks a response against the contract: `body` is the parsed JSON body, or `undefined`
 * when the response had none.
 */
export type ValidateResponse = (
  operationId: string,
  status: number | string,
  body: unknown,
) => ResponseValidation;

const OK: ResponseValidation = { ok: true, errors: '' };

/**
 * The error statuses any server of this API may answer an operation with for reasons
 * outside the operation itself, whether or not the spec lists them: 401 without a valid
 * secret key (all but public operations), 400/413/415 for a body that cannot be read (400 too
 * for a path or query whose percent-encoding cannot be decoded), 422 for a parameter the operation's schemas refuse, 404 for an ID in the path that does not exist
 * (414 for one too long to be any, 400 for one that is not valid percent-encoding),
 * 429 when rate limited, 500/503 when the server fails. They carry the Clerk envelope.
 */
export function platformErrorStatuses(op: OperationDefinition): string[] {
  const statuses = ['429', '500', '503'];
  if (!op.public) statuses.push('401');
  const { params, querystring, body } = op.request;
  // Any request but a GET may carry a body, even to an operation that takes none
  // (`CreateTestingToken`): one that cannot be read is refused before the route.
  const bodied = body !== undefined || op.method !== 'GET';
  if (bodied) statuses.push('413', '415');
  // A body that cannot be read, or a path or query that is not valid percent-encoding
  // (`/users/%`), never reaches the route.
  if (bodied || params || querystring) statuses.push('400', '422');
  if (params) statuses.push('404', '414');
  return statuses;
}

/**
 * One ajv instance for all operations; each operation+status schema is compiled on first
 * use and cached. Rules beyond the schema:
 * - a status the operation does not declare fails, except the platform's error statuses
 *   (`platformErrorStatuses`), which must carry the Clerk error envelope;
 * - an operation that takes `paginated` may answer its 200 array as `{ data, total_count }`
 *   (`paginatedEnvelopeOf`);
 * - a status declared without a JSON body (`null`, e.g. 204) accepts no body, except that
 *   a 4xx/5xx may carry the error envelope (ClerkErrors): Castellan answers every error
 *   with it, also where the spec left the error response's body out.
 */
export function createResponseValidator(): ValidateResponse {
  const ajv = new Ajv({ strict: false, allErrors: true });
  formatsPlugin.default(ajv);
  const cache = new Map<string, ValidateFunction>();
  const table = operations as Record<string, OperationDefinition>;

  const compile = (key: string, schema: object): ValidateFunction => {
    let validate = cache.get(key);
    if (validate === undefined) {
      validate = ajv.compile(schema);
      cache.set(key, validate);
    }
    return validate;
  };

  return (operationId, status, body) => {
    const op = Object.hasOwn(table, operationId) ? table[operationId] : undefined;
    if (op === undefined) return fail(`Unknown operation ${operationId}`);
    const code = String(status);
    if (!Object.hasOwn(op.responses, code)) {
      if (platformErrorStatuses(op).includes(code)) {
        return check(compile('ClerkErrors', ClerkErrors), body, `${operationId} ${code}`);
      }
      return fail(`${operationId} does not declare status ${code}`);
    }
    const schema = op.responses[code];
    if (schema === null || schema === undefined) {
      if (body === undefined) return OK;
      if (/^[45]/.test(code)) {
        return check(compile('ClerkErrors', ClerkErrors), body, `${operationId} ${code}`);
      }
      return fail(`${operationId} declares no body for status ${code}, got one`);
    }
    if (body === undefined) return fail(`${operationId} ${code} expects a JSON body, got none`);
    const envelope = code === '200' ? paginatedEnvelopeOf(op) : undefined;
    if (envelope && !Array.isArray(body)) {
      return check(compile(`${operationId} paginated`, envelope), body, `${operationId} ${code}`);
    }
    return check(compile(`${operationId} ${code}`, schema), body, `${operationId} ${code}`);
  };
}

/** Runs a compiled schema; the errors as one line each, `label: path message`. */
export function check(
  validate: ValidateFunction,
  body: unknown,
  label: string,
): ResponseValidation {
  if (validate(body)) return OK;
  return fail((validate.errors ?? []).map((error) => describe(error, label)).join('; '));
}

function describe(error: ErrorObject, label: string): string {
  const at = error.instancePath === '' ? '(root)' : error.instancePath;
  const extra =
    error.keyword === 'additionalProperties'
      ? ` "${String((error.params as { additionalProperty?: string }).additionalProperty)}"`
      : error.keyword === 'enum'
        ? ` ${JSON.stringify((error.params as { allowedValues?: unknown }).allowedValues)}`
        : '';
  return `${label}: ${at} ${error.message ?? error.keyword}${extra}`;
}

export function fail(errors: string): ResponseValidation {
  return { ok: false, errors };
}
