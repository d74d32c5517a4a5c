import type { FastifyInstance, FastifyRequest } from 'fastify';
import { apiErrors } from '../errors/api-errors.js';
import type { ClerkApiError } from '../errors/clerk-api-error.js';

/**
 * Bounds on every request, whatever the operation (docs/behaviour.md, "Input limits"). The
 * schemas bound each field (see validator-compilers.ts); these bound what schemas cannot
 * see: free-form JSON such as metadata.
 */
export const INPUT_LIMITS = {
  /** Objects and arrays nested in one request body, the body itself being level 1. */
  maxDepth: 32,
} as const;

/** A lone UTF-16 surrogate: not text, and neither PostgreSQL nor UTF-8 can store it. */
const LONE_SURROGATE = /\p{Cs}/u;

function badText(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain a NUL character (\\u0000)';
  if (LONE_SURROGATE.test(text)) return 'must be valid Unicode (it contains a lone surrogate)';
  return undefined;
}

/**
 * The first thing in `value` no operation accepts: a NUL character or a lone surrogate in
 * any string or object key, a number that is not finite, a `__proto__` key, or nesting
 * deeper than INPUT_LIMITS.maxDepth. `param` names the top-level parameter it was found
 * under; `depth` is the level `value` sits in. Iterative, so no input can exhaust the stack.
 */
export function findUnsafeInput(
  value: unknown,
  param: string,
  depth = 0,
): ClerkApiError | undefined {
  const stack: { value: unknown; depth: number }[] = [{ value, depth }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    const v = item.value;
    if (typeof v === 'string') {
      const problem = badText(v);
      if (problem) return apiErrors.paramFormatInvalid(param, problem);
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v))
        return apiErrors.paramFormatInvalid(param, 'must be a finite number');
    } else if (typeof v === 'object' && v !== null) {
      const depth = item.depth + 1;
      if (depth > INPUT_LIMITS.maxDepth)
        return apiErrors.nestingTooDeep(param, INPUT_LIMITS.maxDepth);
      if (Array.isArray(v)) {
        for (const child of v) stack.push({ value: child, depth });
      } else {
        for (const [key, child] of Object.entries(v)) {
          if (key === '__proto__') return apiErrors.keyNotAllowed(param, key);
          const problem = badText(key);
          if (problem) return apiErrors.paramFormatInvalid(param, `has a key that ${problem}`);
          stack.push({ value: child, depth });
        }
      }
    }
  }
  return undefined;
}

/**
 * Checks each top-level parameter of a request part (only those named in `declared`, when
 * given); body fields sit in level 1.
 */
function checkPart(
  part: unknown,
  depth: number,
  declared?: ReadonlySet<string>,
): ClerkApiError | undefined {
  if (typeof part !== 'object' || part === null || Array.isArray(part)) {
    return part === undefined ? undefined : findUnsafeInput(part, 'body', depth - 1);
  }
  for (const [param, value] of Object.entries(part)) {
    if (declared && !declared.has(param)) continue;
    if (param === '__proto__') return apiErrors.keyNotAllowed('body', param);
    const problem = badText(param);
    if (problem) return apiErrors.paramFormatInvalid('body', `has a key that ${problem}`);
    const error = findUnsafeInput(value, param, depth);
    if (error) return error;
  }
  return undefined;
}

/** The query parameters a route declares: the others are ignored, so they are not checked. */
function declaredQuery(request: FastifyRequest): ReadonlySet<string> {
  const schema = request.routeOptions.schema?.querystring as
    { properties?: Record<string, unknown> } | undefined;
  return new Set(Object.keys(schema?.properties ?? {}));
}

/**
 * Checks path parameters, query and body of every request before its schema does, so no
 * operation ever sees, stores or sends to the database a value that cannot round-trip.
 */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request: FastifyRequest) => {
    const error =
      checkPart(request.params, 0) ??
      checkPart(request.query, 0, declaredQuery(request)) ??
      checkPart(request.body, 1);
    if (error) throw error;
  });
}
