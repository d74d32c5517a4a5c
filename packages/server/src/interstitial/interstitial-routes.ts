import { defineRoutes } from '../platform/routes.js';
import { getPublicInterstitial } from './interstitial-service.js';

/** The public interstitial: no secret key, so the database comes from the server itself. */
export const interstitialRoutes = defineRoutes({
  GetPublicInterstitial: ({ request, query }) =>
    getPublicInterstitial(request.server.castellan.database.db, query),
});
