import { defineRoutes } from '../platform/routes.js';
import { createSvixApp, deleteSvixApp, generateSvixAuthUrl } from './svix-app-service.js';

/** Clerk's Webhooks operations: the instance's Svix app and links to its portal page. */
export const svixAppRoutes = defineRoutes({
  CreateSvixApp: ({ scope }) => createSvixApp(scope),
  DeleteSvixApp: ({ scope }) => deleteSvixApp(scope),
  GenerateSvixAuthURL: ({ scope }) => generateSvixAuthUrl(scope),
});
