import type { CatalogueEntry } from '../catalogue-entry.js';

/** Sessions, clients and their tokens. */
export const sessionErrors = {
  sessionListFilterMissing: {
    code: 'form_param_missing',
    status: 422,
    param: 'user_id',
    message: 'missing required parameter',
    longMessage: 'Provide client_id or user_id: sessions are listed for one user or one client.',
  },
  // A session that is no longer active (revoked, ended, expired, …) gets no token.
  sessionSignedOut: {
    code: 'signed_out',
    status: 401,
    message: 'Signed out',
    longMessage: 'Session %s is %s: it is signed out and gets no tokens.',
  },
  tokenInvalid: {
    code: 'token_invalid',
    status: 401,
    message: 'Invalid token',
    longMessage: '%s',
  },
  refreshTokenInvalid: {
    code: 'refresh_token_invalid',
    status: 401,
    message: 'Invalid refresh token',
    longMessage: 'The refresh token does not belong to session %s.',
  },
  createSessionInProduction: {
    code: 'production_instance_not_allowed',
    status: 400,
    message: 'not available for production instances',
    longMessage:
      'Creating a session from the Backend API is for testing and only works on development instances; use sign-in tokens in production.',
  },
  userBanned: {
    code: 'user_banned',
    status: 422,
    param: 'user_id',
    message: 'user is banned',
    longMessage: 'User %s is banned and cannot get a session.',
  },
} as const satisfies Record<string, CatalogueEntry>;
