import { defineRoutes } from '../platform/routes.js';
import { verifyDomainProxy } from './proxy-check-service.js';

export const proxyCheckRoutes = defineRoutes({
  VerifyDomainProxy: ({ scope, body, request }) =>
    verifyDomainProxy(scope, body, request.server.castellan.outbound),
});
