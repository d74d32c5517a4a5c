import { defineRoutes } from '../platform/routes.js';
import {
  createRedirectUrl,
  deleteRedirectUrl,
  getRedirectUrl,
  listRedirectUrls,
} from './redirect-url-service.js';

/** Redirect URLs: where the instance may send a browser back to (OAuth, native apps). */
export const redirectUrlRoutes = defineRoutes({
  ListRedirectURLs: ({ scope, query }) => listRedirectUrls(scope, query),
  CreateRedirectURL: ({ scope, body }) => createRedirectUrl(scope, body),
  GetRedirectURL: ({ scope, params }) => getRedirectUrl(scope, params.id),
  DeleteRedirectURL: ({ scope, params }) => deleteRedirectUrl(scope, params.id),
});
