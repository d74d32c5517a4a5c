import { bindDevBrowserToken } from '../clients/client-browser.js';
import { openClient } from '../clients/client-writes.js';
import { apiErrors } from '../errors/api-errors.js';
import { runWrite } from '../platform/write.js';
import { newDevBrowserToken } from './dev-browser-token.js';
import { bare, defineFapiModule } from './fapi-context.js';

/**
 * `POST /v1/dev_browser`: a development browser, i.e. a new client bound to a new token.
 * clerk-js calls it once (no `__clerk_db_jwt` yet) and sends `data.id` as `__clerk_db_jwt` on
 * every later request. Production instances have none (their browsers are `__client`).
 */
export const devBrowserModule = defineFapiModule({
  routes: [
    {
      method: 'POST',
      path: '/dev_browser',
      withoutDevBrowser: true,
      handler: async ({ ctx }) => {
        if (ctx.environment !== 'development') {
          throw apiErrors.routeNotFound('POST', '/v1/dev_browser');
        }
        const token = newDevBrowserToken(ctx.scope.instanceId);
        const now = await runWrite(ctx.scope, async (tx) => {
          const clientId = await openClient(tx);
          await bindDevBrowserToken(tx, clientId, token);
          return tx.now;
        });
        return bare({
          object: 'dev_browser',
          id: token,
          instance_id: ctx.scope.instanceId,
          created_at: now,
          updated_at: now,
        });
      },
    },
  ],
});
