import { defineRoutes } from '../platform/routes.js';
import {
  createEnterpriseConnection,
  deleteEnterpriseConnection,
  getEnterpriseConnection,
  listEnterpriseConnections,
  updateEnterpriseConnection,
} from './enterprise-connection-service.js';
import {
  createSamlConnection,
  deleteSamlConnection,
  getSamlConnection,
  listSamlConnections,
  updateSamlConnection,
} from './saml-connection-service.js';
import { createTestRun, listTestRuns } from './test-runs.js';

/** Enterprise connections (SAML and OIDC), with their test runs. */
export const enterpriseConnectionRoutes = defineRoutes({
  ListEnterpriseConnections: ({ scope, query }) => listEnterpriseConnections(scope, query),
  CreateEnterpriseConnection: ({ scope, body, request }) =>
    createEnterpriseConnection(scope, body, request.server.castellan.outbound),
  GetEnterpriseConnection: ({ scope, params }) =>
    getEnterpriseConnection(scope, params.enterprise_connection_id),
  UpdateEnterpriseConnection: ({ scope, params, body, request }) =>
    updateEnterpriseConnection(
      scope,
      params.enterprise_connection_id,
      body,
      request.server.castellan.outbound,
    ),
  DeleteEnterpriseConnection: ({ scope, params }) =>
    deleteEnterpriseConnection(scope, params.enterprise_connection_id),
  ListEnterpriseConnectionTestRuns: ({ scope, params, query }) =>
    listTestRuns(scope, params.enterprise_connection_id, query),
  CreateEnterpriseConnectionTestRun: ({ scope, params }) =>
    createTestRun(scope, params.enterprise_connection_id),
});

/** The deprecated SAML connections API: a view of the SAML enterprise connections. */
export const samlConnectionRoutes = defineRoutes({
  ListSAMLConnections: ({ scope, query }) => listSamlConnections(scope, query),
  CreateSAMLConnection: ({ scope, body, request }) =>
    createSamlConnection(scope, body, request.server.castellan.outbound),
  GetSAMLConnection: ({ scope, params }) => getSamlConnection(scope, params.saml_connection_id),
  UpdateSAMLConnection: ({ scope, params, body, request }) =>
    updateSamlConnection(scope, params.saml_connection_id, body, request.server.castellan.outbound),
  DeleteSAMLConnection: ({ scope, params }) =>
    deleteSamlConnection(scope, params.saml_connection_id),
});
