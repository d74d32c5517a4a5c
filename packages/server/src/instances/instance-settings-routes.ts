import { defineRoutes } from '../platform/routes.js';
import {
  getInstanceCommunication,
  getInstanceOAuthApplicationSettings,
  getInstanceOrganizationSettings,
  getInstanceProtect,
  updateInstanceCommunication,
  updateInstanceOAuthApplicationSettings,
  updateInstanceOrganizationSettings,
  updateInstanceProtect,
} from './instance-feature-settings-service.js';
import {
  getInstance,
  updateInstance,
  updateInstanceAuthConfig,
} from './instance-settings-service.js';

/** The instance's settings (Instance Settings) and the beta instance features. */
export const instanceSettingsRoutes = defineRoutes({
  GetInstance: ({ scope }) => getInstance(scope),
  UpdateInstance: ({ scope, body }) => updateInstance(scope, body),
  GetInstanceProtect: ({ scope }) => getInstanceProtect(scope),
  UpdateInstanceProtect: ({ scope, body }) => updateInstanceProtect(scope, body),
  GetInstanceCommunication: ({ scope }) => getInstanceCommunication(scope),
  UpdateInstanceCommunication: ({ scope, body }) => updateInstanceCommunication(scope, body),
  GetInstanceOAuthApplicationSettings: ({ scope }) => getInstanceOAuthApplicationSettings(scope),
  UpdateInstanceOAuthApplicationSettings: ({ scope, body }) =>
    updateInstanceOAuthApplicationSettings(scope, body),
  GetInstanceOrganizationSettings: ({ scope }) => getInstanceOrganizationSettings(scope),
  UpdateInstanceOrganizationSettings: ({ scope, body }) =>
    updateInstanceOrganizationSettings(scope, body),
  UpdateInstanceAuthConfig: ({ scope, body, sent }) => updateInstanceAuthConfig(scope, body, sent),
});
