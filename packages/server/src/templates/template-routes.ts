import { defineRoutes } from '../platform/routes.js';
import { previewTemplate } from './template-rendering.js';
import {
  getTemplate,
  listTemplates,
  revertTemplate,
  toggleTemplateDelivery,
  upsertTemplate,
} from './template-service.js';

/** Email and SMS templates (docs/messages.md); messages render through them. */
export const templateRoutes = defineRoutes({
  GetTemplateList: ({ scope, params, query }) => listTemplates(scope, params.template_type, query),
  GetTemplate: ({ scope, params }) => getTemplate(scope, params.template_type, params.slug),
  UpsertTemplate: ({ scope, params, body }) =>
    upsertTemplate(scope, params.template_type, params.slug, body),
  RevertTemplate: ({ scope, params }) => revertTemplate(scope, params.template_type, params.slug),
  PreviewTemplate: ({ scope, params, body }) =>
    previewTemplate(scope, params.template_type, params.slug, body),
  ToggleTemplateDelivery: ({ scope, params, body }) =>
    toggleTemplateDelivery(scope, params.template_type, params.slug, body),
});
