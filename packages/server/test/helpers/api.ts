import {
  operations,
  type OperationDefinition,
  type OperationId,
  type RequestBody,
  type RequestParams,
  type RequestQuery,
  type SuccessBody,
} from '@castellan/contract';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { ClerkErrorsBody } from '../../src/errors/error-handler.js';
import { expectContract } from './contract.js';

type QueryValue = string | number | boolean | readonly (string | number | boolean)[] | undefined;

/** How a test calls an operation: typed from the contract, with ways to send what it forbids. */
export interface CallOptions<Id extends OperationId> {
  params?: RequestParams<Id>;
  /** Query parameters; arrays become repeated keys. Values may be strings the contract rejects. */
  query?: { [K in keyof RequestQuery<Id>]?: RequestQuery<Id>[K] | QueryValue } & Record<
    string,
    QueryValue
  >;
  /** A query string sent exactly as given (no encoding), instead of `query`. */
  rawQuery?: string;
  body?: Partial<RequestBody<Id>>;
  /** Anything as the body: an object is sent as JSON, a string as it is. */
  rawBody?: unknown;
  contentType?: string;
  /** A `multipart/form-data` body: a string is a text field, a `FormFile` a file field. */
  form?: Record<string, string | FormFile | FormFile[]>;
  headers?: Record<string, string>;
  /** The secret key to send; `null` sends no Authorization header. Default: the suite's key. */
  secretKey?: string | null;
}

export interface FormFile {
  data: Buffer;
  filename?: string;
  contentType?: string;
}

/** Encodes a multipart/form-data body (RFC 7578) with a fixed boundary. */
export function encodeForm(form: Record<string, string | FormFile | FormFile[]>): {
  body: Buffer;
  contentType: string;
} {
  const boundary = '----castellan-test-boundary-7d1f';
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(form)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      const file = typeof v === 'string' ? undefined : v;
      const disposition = file
        ? `form-data; name="${name}"; filename="${file.filename ?? 'upload.bin'}"`
        : `form-data; name="${name}"`;
      const type = file
        ? `Content-Type: ${file.contentType ?? 'application/octet-stream'}\r\n`
        : '';
      parts.push(
        Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${type}\r\n`),
      );
      parts.push(file ? file.data : Buffer.from(v as string));
      parts.push(Buffer.from('\r\n'));
    }
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

export interface ApiResponse {
  status: number;
  /** The JSON body, already checked against the contract for its status. */
  body: any;
  headers: Record<string, unknown>;
}

function definitionOf(operationId: OperationId): OperationDefinition {
  return operations[operationId] as OperationDefinition;
}

function queryString(query: Record<string, QueryValue> | undefined): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) search.append(key, String(v));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * The suite's way to call any operation by its operationId: fills method, path and auth
 * from the operation table, and checks every response against the contract for its status
 * (a status the operation does not declare fails, so does a body off its schema).
 */
export class Api {
  constructor(
    readonly app: FastifyInstance,
    readonly secretKey: string,
  ) {}

  /** The URL path of an operation with its path parameters filled (and encoded). */
  pathOf<Id extends OperationId>(operationId: Id, params?: RequestParams<Id>): string {
    const values = (params ?? {}) as Record<string, string>;
    const path = definitionOf(operationId).path.replace(/\{([^}]+)\}/g, (_, name: string) => {
      const value = values[name];
      if (value === undefined) throw new Error(`${operationId}: missing path parameter ${name}`);
      return encodeURIComponent(value);
    });
    return `/v1${path}`;
  }

  async call<Id extends OperationId>(
    operationId: Id,
    options: CallOptions<Id> = {},
  ): Promise<ApiResponse> {
    const op = definitionOf(operationId);
    const secretKey = options.secretKey === undefined ? this.secretKey : options.secretKey;
    const headers: Record<string, string> = { ...options.headers };
    if (secretKey !== null) headers.authorization = `Bearer ${secretKey}`;
    const form = options.form ? encodeForm(options.form) : undefined;
    const payload = form
      ? form.body
      : options.rawBody !== undefined
        ? options.rawBody
        : options.body;
    if (payload !== undefined) {
      headers['content-type'] = options.contentType ?? form?.contentType ?? 'application/json';
    }
    const search =
      options.rawQuery !== undefined
        ? `?${options.rawQuery}`
        : queryString(options.query as Record<string, QueryValue>);
    const response = await this.app.inject({
      method: op.method,
      url: `${this.pathOf(operationId, options.params)}${search}`,
      headers,
      ...(payload !== undefined
        ? {
            payload:
              typeof payload === 'string' || Buffer.isBuffer(payload)
                ? payload
                : JSON.stringify(payload),
          }
        : {}),
    });
    const body = expectContract(operationId, response);
    return { status: response.statusCode, body, headers: response.headers };
  }

  /** Calls an operation that must succeed (2xx); returns its typed body. */
  async ok<Id extends OperationId>(
    operationId: Id,
    options: CallOptions<Id> = {},
  ): Promise<SuccessBody<Id>> {
    const { status, body } = await this.call(operationId, options);
    expect(status, `${operationId}: ${JSON.stringify(body)}`).toBeGreaterThanOrEqual(200);
    expect(status, `${operationId}: ${JSON.stringify(body)}`).toBeLessThan(300);
    return body as SuccessBody<Id>;
  }

  /**
   * Calls an operation that must fail with `status` (and, when given, the first error's
   * `code`); returns the Clerk error envelope.
   */
  async fail<Id extends OperationId>(
    operationId: Id,
    options: CallOptions<Id>,
    status: number,
    code?: string,
  ): Promise<ClerkErrorsBody> {
    const response = await this.call(operationId, options);
    expect(response.status, `${operationId}: ${JSON.stringify(response.body)}`).toBe(status);
    const body = response.body as ClerkErrorsBody;
    expect(body.clerk_trace_id).toMatch(/^[0-9a-f]{32}$/);
    if (code !== undefined) expect(body.errors[0]?.code, JSON.stringify(body)).toBe(code);
    return body;
  }
}
