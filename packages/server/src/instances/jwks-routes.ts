import { defineRoutes } from '../platform/routes.js';
import { getJwks } from './instance-service.js';

export const jwksRoutes = defineRoutes({
  GetJWKS: ({ scope }) => getJwks(scope.db, scope.instanceId),
});
