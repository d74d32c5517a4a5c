import { createResponseValidator, type OperationId } from '@castellan/contract';
import { expect } from 'vitest';

const validateResponse = createResponseValidator();

interface InjectedResponse {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
  json(): unknown;
}

/**
 * Asserts a response honours the contract of `operationId`: its status is one the operation
 * declares, a JSON body validates against the schema for that status, and the content type
 * is exactly `application/json` (what @clerk/backend needs to parse it). Returns the body.
 */
export function expectContract<T = any>(operationId: OperationId, response: InjectedResponse): T {
  const status = response.statusCode;
  if (response.body === '') {
    const result = validateResponse(operationId, status, undefined);
    expect(result.ok, result.errors).toBe(true);
    return undefined as T;
  }
  expect(response.headers['content-type']).toBe('application/json');
  const body = response.json() as { data?: unknown; total_count?: unknown };
  // An operation the spec answers with an array may answer `{ data, total_count }` when
  // asked `paginated=true` (serializer-compiler.ts): its items are what the array holds.
  const paginated =
    Array.isArray(body?.data) &&
    typeof body.total_count === 'number' &&
    Object.keys(body).length === 2;
  let result = validateResponse(operationId, status, body);
  if (!result.ok && paginated) result = validateResponse(operationId, status, body.data);
  expect(
    result.ok,
    `${operationId} ${status}: ${result.errors}\n${response.body.slice(0, 2000)}`,
  ).toBe(true);
  return body as T;
}
