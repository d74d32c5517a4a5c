import { runWrite } from '../platform/write.js';
import { endClientSessions } from '../sessions/session-browser.js';
import { attachSignIn, attachSignUp, ensureClient } from './fapi-client-writes.js';
import { bare, defineFapiModule, withClient, type FapiContext } from './fapi-context.js';
import { serializeClient } from './client-serializer.js';

const clientJson = (ctx: FapiContext) => serializeClient(ctx);

/**
 * The browser's client. `GET` answers `{response: client|null, client: null}` (clerk-js
 * reads `response`); `PUT` makes sure the browser has one; `DELETE` signs it out of every
 * session and drops its sign-in and sign-up (`signOut` with `persistClient: false`).
 */
export const clientModule = defineFapiModule({
  routes: [
    {
      method: 'GET',
      path: '/client',
      handler: async ({ ctx }) => bare({ response: await clientJson(ctx), client: null }),
    },
    {
      method: 'PUT',
      path: '/client',
      handler: async ({ ctx }) => {
        await runWrite(ctx.scope, (tx) => ensureClient(ctx, tx));
        return withClient(await clientJson(ctx));
      },
    },
    {
      method: 'DELETE',
      path: '/client',
      handler: async ({ ctx }) => {
        if (ctx.client) {
          await runWrite(ctx.scope, async (tx) => {
            const clientId = await ensureClient(ctx, tx);
            await endClientSessions(ctx.scope, tx, clientId);
            await attachSignIn(ctx, tx, null);
            await attachSignUp(ctx, tx, null);
          });
        }
        return withClient(await clientJson(ctx));
      },
    },
  ],
});
