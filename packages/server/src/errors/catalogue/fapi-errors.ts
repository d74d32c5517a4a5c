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
} as const satisfies Record<string, CatalogueEntry>;
