import { defineRoutes } from '../platform/routes.js';
import {
  createApiKey,
  deleteApiKey,
  getApiKey,
  getApiKeySecret,
  listApiKeys,
  revokeApiKey,
  updateApiKey,
  verifyApiKey,
} from './api-key-service.js';
import { createM2MToken, listM2MTokens, revokeM2MToken } from './m2m-token-service.js';
import { verifyM2MToken } from './m2m-token-verify.js';
import {
  createMachine,
  createMachineScope,
  deleteMachine,
  deleteMachineScope,
  getMachine,
  getMachineSecretKey,
  listMachines,
  rotateMachineSecretKey,
  updateMachine,
} from './machine-service.js';

/** Machines (`/v1/machines…`, the instance's secret key only). */
export const machineRoutes = defineRoutes({
  ListMachines: ({ scope, query }) => listMachines(scope, query),
  CreateMachine: ({ scope, body }) => createMachine(scope, body),
  GetMachine: ({ scope, params }) => getMachine(scope, params.machine_id),
  UpdateMachine: ({ scope, params, body }) => updateMachine(scope, params.machine_id, body),
  DeleteMachine: ({ scope, params }) => deleteMachine(scope, params.machine_id),
  CreateMachineScope: ({ scope, params, body }) =>
    createMachineScope(scope, params.machine_id, body.to_machine_id),
  DeleteMachineScope: ({ scope, params }) =>
    deleteMachineScope(scope, params.machine_id, params.other_machine_id),
  GetMachineSecretKey: ({ scope, params }) => getMachineSecretKey(scope, params.machine_id),
  RotateMachineSecretKey: ({ scope, params, body }) =>
    rotateMachineSecretKey(scope, params.machine_id, body),
});

/**
 * M2M tokens and API keys: served under `/v1` as the spec says and without it, where
 * `@clerk/backend` calls them (COMPAT.md). The M2M operations also take a machine secret key
 * (`MACHINE_KEY_OPERATIONS`); createM2MToken takes nothing else.
 */
export const machineTokenRoutes = defineRoutes({
  createM2MToken: ({ scope, body }) => createM2MToken(scope, body),
  getM2MTokens: ({ scope, query }) => listM2MTokens(scope, query),
  revokeM2MToken: ({ scope, params, body }) => revokeM2MToken(scope, params.m2m_token_id, body),
  verifyM2MToken: ({ scope, body }) => verifyM2MToken(scope, body.token),
  createApiKey: ({ scope, body }) => createApiKey(scope, body),
  getApiKeys: ({ scope, query }) => listApiKeys(scope, query),
  getApiKey: ({ scope, params }) => getApiKey(scope, params.apiKeyID),
  getApiKeySecret: ({ scope, params }) => getApiKeySecret(scope, params.apiKeyID),
  updateApiKey: ({ scope, params, body, sent }) => updateApiKey(scope, params.apiKeyID, body, sent),
  deleteApiKey: ({ scope, params }) => deleteApiKey(scope, params.apiKeyID),
  revokeApiKey: ({ scope, params, body }) => revokeApiKey(scope, params.apiKeyID, body),
  verifyApiKey: ({ scope, body }) => verifyApiKey(scope, body.secret),
});

/** The operations a machine secret key may call (everything else needs the instance key). */
export const MACHINE_KEY_OPERATIONS: ReadonlySet<string> = new Set([
  'createM2MToken',
  'getM2MTokens',
  'revokeM2MToken',
  'verifyM2MToken',
]);
