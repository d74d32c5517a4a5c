import { clientModule } from './client-routes.js';
import { devBrowserModule } from './dev-browser-routes.js';
import { environmentModule } from './environment-routes.js';
import { handshakeModule } from './handshake-routes.js';
import { meModule } from './me-routes.js';
import { sessionModule } from './session-routes.js';
import type { FapiModule } from './fapi-context.js';
import { signInModule } from './sign-ins/sign-in-routes.js';
import { signUpModule } from './sign-ups/sign-up-routes.js';

/**
 * Every Frontend API route module, served by the plugin at `/__clerk`. Core's modules and
 * the flows' (sign-ins, sign-ups) each add their line here.
 */
export const FAPI_MODULES: readonly FapiModule[] = [
  devBrowserModule,
  environmentModule,
  clientModule,
  sessionModule,
  handshakeModule,
  meModule,
  signInModule,
  signUpModule,
];
