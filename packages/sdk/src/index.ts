export { Castellan } from './client.js';
export type {
  ClientOptions,
  RequestOptions,
  RetryConfig,
  BackoffStrategy,
  DebugLogger,
  Fetcher,
} from './core/options.js';
export { HTTPClient } from './core/http-client.js';
export type { BeforeRequestHook, RequestErrorHook, ResponseHook } from './core/http-client.js';
export {
  CastellanError,
  ClerkErrors,
  SDKError,
  ConnectionError,
  RequestTimeoutError,
  RequestAbortedError,
  type HTTPFailure,
} from './core/errors.js';
export type { FileInput, FileObject, FileContent } from './core/files.js';
export { SERVERS, SDK_VERSION } from './core/request.js';
export { DEFAULT_RETRY_CONFIG } from './core/retries.js';
export { operationSpecs, type OperationId } from './generated/operations.js';
export type { OperationSpec } from './core/operation-spec.js';
export * from './generated/groups.js';
export type * as models from './generated/models.js';
export { paginate, DEFAULT_PAGE_SIZE, type ListMethodName } from './pagination.js';
export {
  verifyToken,
  TokenVerificationError,
  type TokenVerificationErrorReason,
  type VerifyTokenOptions,
  type SessionTokenPayload,
} from './verify-token.js';
export {
  verifyWebhook,
  WebhookVerificationError,
  type WebhookVerificationErrorReason,
  type WebhookEvent,
  type WebhookHeaders,
  type VerifyWebhookOptions,
} from './verify-webhook.js';
