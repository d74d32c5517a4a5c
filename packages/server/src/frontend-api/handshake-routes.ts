import { defineFapiModule, redirectTo } from './fapi-context.js';
import { formString } from './form-fields.js';
import { runHandshake } from './handshake.js';

/** `GET /v1/client/handshake` (handshake.ts): a 307 back to `redirect_url`. */
export const handshakeModule = defineFapiModule({
  routes: [
    {
      method: 'GET',
      path: '/client/handshake',
      // A page without a dev browser is what the handshake sets one up for.
      withoutDevBrowser: true,
      handler: async ({ ctx, query }) =>
        redirectTo(await runHandshake(ctx, formString(query, 'redirect_url')), 307),
    },
  ],
});
