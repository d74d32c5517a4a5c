import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { apiErrors } from '../errors/api-errors.js';
import type { ClerkApiError } from '../errors/clerk-api-error.js';
import { renderErrors } from '../errors/error-handler.js';
import { generateTraceId } from './request-logging.js';

/** Node's limit on the request line plus headers (`--max-http-header-size`), in bytes. */
const MAX_HEADER_BYTES = 16 * 1024;

function errorOf(code: string | undefined): ClerkApiError {
  if (code === 'HPE_HEADER_OVERFLOW') return apiErrors.headersTooLarge(MAX_HEADER_BYTES);
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return apiErrors.requestTimeout();
  return apiErrors.badUrl(
    'the request line or headers could not be parsed (send the URL percent-encoded).',
  );
}

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (headers over 16 KB, raw
 * non-ASCII bytes in the URL, a malformed request line) still get the Clerk envelope with
 * a trace id, and a log line. Fastify calls it with the server as `this`.
 */
export function handleClientError(
  this: FastifyInstance,
  err: NodeJS.ErrnoException,
  socket: Socket,
): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const error = errorOf(err.code);
  const traceId = generateTraceId();
  this.log.info(
    { trace_id: traceId, status: error.status, code: err.code },
    'request refused by the HTTP parser',
  );
  if (socket.writable) {
    const body = JSON.stringify(renderErrors(error.errors, traceId));
    socket.write(
      `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status]}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-Clerk-Trace-Id: ${traceId}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}
