import { defineRoutes } from '../platform/routes.js';
import { getClient, listClients, verifyClient } from './client-service.js';

/** Clients: the Backend API reads them; the Frontend API creates them. */
export const clientRoutes = defineRoutes({
  GetClientList: ({ scope, query }) => listClients(scope, query),
  GetClient: ({ scope, params }) => getClient(scope, params.client_id),
  VerifyClient: ({ scope, body }) => verifyClient(scope, body.token),
});
