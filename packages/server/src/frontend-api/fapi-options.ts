import type { SecretKeyAuthOptions } from '../auth/secret-key-auth.js';
import type { FapiModule } from './fapi-context.js';

/** What the FAPI plugin needs: what the secret-key hook gets, and the route modules. */
export interface FrontendApiOptions extends Omit<SecretKeyAuthOptions, 'machineKeys'> {
  readonly modules: readonly FapiModule[];
}
