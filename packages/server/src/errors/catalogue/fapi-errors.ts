import type { CatalogueEntry } from '../catalogue-entry.js';

/** The Frontend API's platform: the browser's identity, its client, CORS (core's). */
export const fapiErrors = {
  // clerk-js resets its development browser (POST /v1/dev_browser) on this code.
  devBrowserUnauthenticated: {
    code: 'dev_browser_unauthenticated',
    status: 401,
    message: 'Browser unauthenticated',
    longMessage: 'Unable to authenticate the development browser: it has no valid token.',
  },
  frontendApiInstanceUnknown: {
    code: 'resource_not_found',
    status: 404,
    message: 'instance not found',
    longMessage:
      'No instance serves this Frontend API request: name it in the path (/__clerk/<instance id>/v1/…) or send Clerk-Secret-Key.',
  },
  originNotAllowed: {
    code: 'origin_invalid',
    status: 403,
    message: 'origin not allowed',
    longMessage:
      "The Origin %s may not call this instance's Frontend API: add it to allowed_origins, a redirect URL or a domain of the instance.",
  },
  noActiveSession: {
    code: 'signed_out',
    status: 401,
    message: 'Signed out',
    longMessage: 'The browser has no active session: sign in first.',
  },
} as const satisfies Record<string, CatalogueEntry>;
