import { defineRoutes } from '../platform/routes.js';
import { createTestingToken } from './testing-token-service.js';

/** Testing tokens: let end-to-end test runs past the Frontend API's bot protection. */
export const testingTokenRoutes = defineRoutes({
  CreateTestingToken: ({ scope }) => createTestingToken(scope),
});
