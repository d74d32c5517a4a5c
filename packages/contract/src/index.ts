export { operations, type OperationId } from './generated/operations.js';
export * as schemas from './generated/schemas.js';
export * as responseBodies from './generated/response-bodies.js';
export { responseNames, schemaNames, seedEraSchemaNames } from './generated/schema-names.js';
export type { HttpMethod, OperationDefinition, QueryStyle } from './operation-definition.js';
export type {
  RequestBody,
  RequestParams,
  RequestQuery,
  ResponseBody,
  SuccessBody,
  SuccessStatus,
} from './operation-types.js';
export { toFastifyPath } from './fastify-path.js';
export { paginatedEnvelopeOf, type PaginatedBody } from './paginated-lists.js';
export {
  createResponseValidator,
  platformErrorStatuses,
  type ResponseValidation,
  type ValidateResponse,
} from './response-validator.js';
export * as webhookSchemas from './generated/webhook-events.js';
export {
  webhookEvents,
  type WebhookEvent,
  type WebhookEventType,
} from './generated/webhook-events.js';
export {
  castellanWebhookEvents,
  isWebhookEventType,
  type CastellanWebhookEventType,
  validateWebhookEvent,
  webhookEventTypes,
} from './webhook-event-validator.js';
export * as fapiSchemas from './generated/fapi.js';
export { fapiOperations, type FapiOperationId } from './generated/fapi.js';
export { findFapiOperation, validateFapiResponse } from './fapi-response-validator.js';
export { buildOpenApiDocument, type OpenApiDocumentOptions } from './openapi-document.js';
