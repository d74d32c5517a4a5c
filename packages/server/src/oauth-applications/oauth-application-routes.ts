import { readFileWithFields } from '../http/multipart-body.js';
import { defineRoutes } from '../platform/routes.js';
import { verifyOAuthAccessToken } from './oauth-access-token-verify.js';
import { listOAuthApplications } from './oauth-application-list.js';
import { LOGO_TEXT_FIELDS, uploadOAuthApplicationLogo } from './oauth-application-logo.js';
import {
  createOAuthApplication,
  deleteOAuthApplication,
  getOAuthApplication,
  revokeOAuthApplicationToken,
  rotateOAuthApplicationSecret,
  updateOAuthApplication,
} from './oauth-application-service.js';

/** OAuth applications (the provider documents they point at: `oauth-discovery-routes.ts`). */
export const oauthApplicationRoutes = defineRoutes({
  ListOAuthApplications: ({ scope, query }) => listOAuthApplications(scope, query),
  CreateOAuthApplication: ({ scope, body, sent }) => createOAuthApplication(scope, body, sent),
  GetOAuthApplication: ({ scope, params }) =>
    getOAuthApplication(scope, params.oauth_application_id),
  UpdateOAuthApplication: ({ scope, params, body, sent }) =>
    updateOAuthApplication(scope, params.oauth_application_id, body, sent),
  DeleteOAuthApplication: ({ scope, params }) =>
    deleteOAuthApplication(scope, params.oauth_application_id),
  UploadOAuthApplicationLogo: ({ scope, params, request }) =>
    uploadOAuthApplicationLogo(scope, params.oauth_application_id, (maxBytes, store, discard) =>
      readFileWithFields(request, 'file', LOGO_TEXT_FIELDS, maxBytes, store, discard),
    ),
  RotateOAuthApplicationSecret: ({ scope, params }) =>
    rotateOAuthApplicationSecret(scope, params.oauth_application_id),
  RevokeOAuthApplicationToken: ({ scope, params, body }) =>
    revokeOAuthApplicationToken(scope, params.oauth_application_id, body),
});

/**
 * OAuth access-token verification: under `/v1` as the spec says and without it, where
 * `@clerk/backend` calls it (`POST /oauth_applications/access_tokens/verify`).
 */
export const oauthAccessTokenRoutes = defineRoutes({
  verifyOAuthAccessToken: ({ scope, body }) => verifyOAuthAccessToken(scope, body),
});
