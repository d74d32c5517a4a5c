import type { FapiContext } from './fapi-context.js';

/**
 * A new `__client` cookie is due for the client (its rotating token already stored in the
 * write); the plugin signs the JWT and sets the cookie after the handler, outside the write.
 */
export function pendingClientCookie(
  ctx: FapiContext,
  token: { clientId: string; rotatingToken: string },
): void {
  ctx.pendingClientToken = token;
}
