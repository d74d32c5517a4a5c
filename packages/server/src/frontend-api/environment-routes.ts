import { bare, defineFapiModule } from './fapi-context.js';
import { environmentOf } from './environment.js';

/**
 * `GET /v1/environment` (production clerk-js) and `PATCH` (development clerk-js "touches" it
 * on load), both answered bare. There is nothing to touch: the environment is read from the
 * instance's configuration each time.
 */
export const environmentModule = defineFapiModule({
  routes: [
    {
      method: 'GET',
      path: '/environment',
      handler: async ({ ctx }) => bare(await environmentOf(ctx)),
    },
    {
      method: 'PATCH',
      path: '/environment',
      handler: async ({ ctx }) => bare(await environmentOf(ctx)),
    },
  ],
});
