import type { CatalogueEntry } from '../catalogue-entry.js';

/** The instance's Svix app (webhook endpoints) and the portal links it hands out. */
export const svixErrors = {
  // GenerateSvixAuthURL and DeleteSvixApp declare 400 only: no app is a 400 of its own code.
  svixAppMissing: {
    code: 'svix_app_missing',
    status: 400,
    message: 'no Svix app',
    longMessage: 'This instance has no Svix app to %s; create one with POST /v1/webhooks/svix.',
  },
  // The Svix-compatible API renders this as Svix's `{code: 'conflict', detail}`.
  svixEndpointUidTaken: {
    code: 'conflict',
    status: 409,
    message: 'conflict',
    longMessage: 'Another endpoint of this app has this uid.',
  },
  // The portal page's one-time link (POST /castellan/webhooks/portal/session).
  portalLinkInvalid: {
    code: 'portal_link_invalid',
    status: 401,
    message: 'invalid link',
    longMessage: 'This portal link is not valid; ask for a new one (GenerateSvixAuthURL).',
  },
  portalLinkUsed: {
    code: 'portal_link_used',
    status: 401,
    message: 'link already used',
    longMessage:
      'This portal link was already opened once; ask for a new one (GenerateSvixAuthURL).',
  },
  portalLinkExpired: {
    code: 'portal_link_expired',
    status: 401,
    message: 'link expired',
    longMessage: 'This portal link expired; ask for a new one (GenerateSvixAuthURL).',
  },
} as const satisfies Record<string, CatalogueEntry>;
