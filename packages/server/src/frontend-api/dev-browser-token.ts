import { randomBytes } from 'node:crypto';

/**
 * A development browser's token (`__clerk_db_jwt`): `dvb_<instance id>_<64 hex>`. clerk-js
 * treats it as opaque; the instance id in it lets the first request of a page pick its
 * instance, and only the SHA-256 of the whole token is stored (on the client it names), so
 * changing the instance part finds nothing.
 */
const TOKEN = /^dvb_(ins_[A-Za-z0-9]{1,64})_([0-9a-f]{64})$/;

export function newDevBrowserToken(instanceId: string): string {
  return `dvb_${instanceId}_${randomBytes(32).toString('hex')}`;
}

/** The instance a dev-browser token names, or undefined when it is not one. */
export function instanceOfDevBrowserToken(token: string): string | undefined {
  return TOKEN.exec(token)?.[1];
}
