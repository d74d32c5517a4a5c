import { operationSpecs, type OperationId } from '../generated/operations.js';
import type { RequestOptions } from './options.js';
import type { Core } from './request.js';

/** What every generated group extends: its methods send through the client's core. */
export abstract class Group {
  constructor(protected readonly core: Core) {}

  protected call(id: OperationId, request: object, options?: RequestOptions): Promise<unknown> {
    return this.core.call(operationSpecs[id], request as Record<string, unknown>, options);
  }
}
