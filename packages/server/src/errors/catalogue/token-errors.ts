import type { CatalogueEntry } from '../catalogue-entry.js';

/** Sign-in, actor and testing tokens, redirect URLs, sign-ups and the interstitial. */
export const tokenErrors = {
  // Sign-in and actor tokens: only a pending token can be revoked.
  signInTokenNotRevocable: {
    code: 'sign_in_token_cannot_be_revoked',
    status: 400,
    message: 'cannot revoke',
    longMessage: 'Sign-in token %s is %s; only a pending sign-in token can be revoked.',
  },
  actorTokenNotRevocable: {
    code: 'actor_token_cannot_be_revoked',
    status: 400,
    message: 'cannot revoke',
    longMessage: 'Actor token %s is %s; only a pending actor token can be revoked.',
  },
  // CreateActorToken declares no 404: its unknown user is a 400 naming the parameter.
  actorTokenUserNotFound: {
    code: 'resource_not_found',
    status: 400,
    param: 'user_id',
    message: 'not found',
    longMessage: 'No user was found with id %s.',
  },
  // Tickets (sign-in and actor tokens) as the Frontend API redeems them.
  ticketInvalid: {
    code: 'ticket_invalid',
    status: 400,
    param: 'ticket',
    message: 'is invalid',
    longMessage: 'The ticket %s.',
  },
  ticketExpired: {
    code: 'ticket_expired',
    status: 400,
    param: 'ticket',
    message: 'is expired',
    longMessage: 'The ticket expired; ask for a new one.',
  },
  // Redirect URLs
  redirectUrlInvalid: {
    code: 'form_param_format_invalid',
    status: 422,
    param: 'url',
    message: 'is invalid',
    longMessage: 'url %s.',
  },
  redirectUrlExists: {
    code: 'duplicate_record',
    status: 400,
    param: 'url',
    message: 'duplicate redirect url',
    longMessage: 'The redirect URL %s already exists.',
  },
  // Sign-ups
  signUpNotUpdatable: {
    code: 'sign_up_cannot_be_updated',
    status: 400,
    message: 'cannot update',
    longMessage: 'Sign-up %s is %s; only a sign-up in progress can be updated.',
  },
  // The public interstitial
  interstitialKeyMissing: {
    code: 'bad_request',
    status: 400,
    param: 'publishable_key',
    message: 'missing data',
    longMessage: 'Send publishable_key (or frontend_api) to get the interstitial.',
  },
  interstitialKeyInvalid: {
    code: 'bad_request',
    status: 400,
    param: true,
    message: 'is invalid',
    longMessage: '{param} %s.',
  },
} as const satisfies Record<string, CatalogueEntry>;
