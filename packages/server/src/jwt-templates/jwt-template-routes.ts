import { defineRoutes } from '../platform/routes.js';
import {
  createJwtTemplate,
  deleteJwtTemplateById,
  getJwtTemplate,
  listJwtTemplates,
  updateJwtTemplateById,
} from './jwt-template-service.js';

/** JWT templates (tokens made from them: `template-token-service.ts`). */
export const jwtTemplateRoutes = defineRoutes({
  ListJWTTemplates: ({ scope, query }) => listJwtTemplates(scope, query),
  CreateJWTTemplate: ({ scope, body }) => createJwtTemplate(scope, body),
  GetJWTTemplate: ({ scope, params }) => getJwtTemplate(scope, params.template_id),
  UpdateJWTTemplate: ({ scope, params, body }) =>
    updateJwtTemplateById(scope, params.template_id, body),
  DeleteJWTTemplate: ({ scope, params }) => deleteJwtTemplateById(scope, params.template_id),
});
