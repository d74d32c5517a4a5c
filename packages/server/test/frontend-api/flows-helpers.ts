import { expect } from 'vitest';
import type {
  InstanceSettings,
  UserLockoutSettings,
} from '../../src/instances/instance-settings.js';
import type { DialectName } from '../helpers/test-server.js';
import { FapiBrowser, useFapiInstance, type FapiTestInstance } from './core-fapi.js';

/** The flows tests' page origin; production instances allow it. */
export const PAGE_ORIGIN = 'http://localhost:3000';
export const PASSWORD = 'correct-horse-battery-staple';

/**
 * A fresh instance for a flows suite: a production one allows the page's origin (as an app
 * configures it), a development one allows loopback origins anyway. `settings` are the
 * instance's from its creation (identifiers, password rules, lockout).
 */
export async function useFlowsInstance(
  dialect: DialectName,
  kind: 'development' | 'production',
  settings?: InstanceSettings,
): Promise<FapiTestInstance> {
  const t = await useFapiInstance(dialect, kind, settings);
  const res = await t.api.call('UpdateInstance', { body: { allowed_origins: [PAGE_ORIGIN] } });
  expect(res.status).toBe(204);
  return t;
}

/** A new browser of the instance (a development one has set up its dev browser). */
export async function newBrowser(t: FapiTestInstance): Promise<FapiBrowser> {
  const b = new FapiBrowser(t.app, t.instanceId, PAGE_ORIGIN);
  if (t.kind === 'development') await b.setUpDevBrowser();
  return b;
}

/** Instance settings with a lowered lockout (the flows' lockout tests). */
export function lockoutSettings(lockout: Partial<UserLockoutSettings>): InstanceSettings {
  return { attack_protection: { user_lockout: lockout } };
}
