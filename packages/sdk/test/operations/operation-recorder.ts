import { createResponseValidator } from '@castellan/contract';
import { HTTPClient, operationSpecs, type OperationId } from '../../src/index.js';

const validate = createResponseValidator();

interface Route {
  operationId: OperationId;
  method: string;
  pattern: RegExp;
}

/**
 * The operation table as matchers, literal paths before parameterised ones, so
 * `GET /users/count` is `GetUsersCount`, not `GetUser` of a user called `count`.
 */
const ROUTES: Route[] = Object.entries(operationSpecs)
  .map(([operationId, spec]) => ({
    operationId: operationId as OperationId,
    method: spec.method,
    params: (spec.path.match(/\{/g) ?? []).length,
    pattern: new RegExp(`^${spec.path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
  }))
  .sort((a, b) => a.params - b.params)
  .map(({ operationId, method, pattern }) => ({ operationId, method, pattern }));

/** The operation a request to `<serverURL><path>` runs, or undefined for none. */
export function operationOf(method: string, path: string): OperationId | undefined {
  return ROUTES.find((r) => r.method === method && r.pattern.test(path))?.operationId;
}

/**
 * An `HTTPClient` that sees every answer the server gives the SDK: it checks each against
 * the contract of its operation and status (the raw body, before the SDK parses it), and
 * records the operations that succeeded. It only observes: requests and answers go through
 * unchanged.
 */
export class OperationRecorder {
  /** Operations that answered 2xx at least once. */
  readonly succeeded = new Set<OperationId>();
  /** Answers that broke the contract, or requests no operation matches. */
  readonly violations: string[] = [];
  readonly httpClient: HTTPClient;

  constructor(serverURL: string) {
    const base = new URL(serverURL).pathname.replace(/\/+$/, '');
    this.httpClient = new HTTPClient().addHook('response', async (response, request) => {
      const path = new URL(request.url).pathname.slice(base.length);
      const label = `${request.method} ${path} -> ${response.status}`;
      const operationId = operationOf(request.method, path);
      if (!operationId) {
        this.violations.push(`${label}: no operation has this method and path`);
        return;
      }
      const text = await response.clone().text();
      const json = (response.headers.get('content-type') ?? '').startsWith('application/json');
      const result = validate(operationId, response.status, json ? JSON.parse(text) : undefined);
      if (!result.ok) this.violations.push(`${operationId} ${label}: ${result.errors}`);
      if (response.ok) this.succeeded.add(operationId);
    });
  }
}
