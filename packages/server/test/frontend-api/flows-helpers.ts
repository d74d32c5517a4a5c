import { findFapiOperation, validateFapiResponse } from '@castellan/contract';
import { expect } from 'vitest';
import type {
  InstanceSettings,
  UserLockoutSettings,
} from '../../src/instances/instance-settings.js';
import type { DialectName } from '../helpers/test-server.js';
import {
  FapiBrowser,
  useFapiInstance,
  type FapiCallOptions,
  type FapiResponse,
  type FapiTestInstance,
} from './core-fapi.js';

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

/**
 * Sign-up successes are not checked against the spec: an unprepared verification has a null
 * `strategy` and `expire_at`, as Clerk sends it (the FAPI fuzz lists the same gap).
 */
const UNCHECKED_SUCCESSES = new Set([
  'createSignUps',
  'getSignUps',
  'updateSignUps',
  'prepareSignUpsVerification',
  'attemptSignUpsVerification',
]);

/**
 * A browser whose every sign-in and sign-up answer is checked against the FAPI spec: errors
 * as Clerk's envelope, sign-in successes as `Client.SignIn`. The piggybacked client is
 * core's (its known gaps are listed in the FAPI fuzz), so it is left out of the check.
 */
class CheckedBrowser extends FapiBrowser {
  override async call(
    method: string,
    path: string,
    options: FapiCallOptions = {},
  ): Promise<FapiResponse> {
    const res = await super.call(method, path, options);
    const wire = method === 'GET' ? 'GET' : method === 'POST' ? 'POST' : method;
    const id = findFapiOperation(wire, path);
    const flows = path.startsWith('/v1/client/sign_');
    if (!flows || id === undefined || (res.status < 400 && UNCHECKED_SUCCESSES.has(id))) {
      return res;
    }
    const body =
      res.status < 400 && res.body && typeof res.body === 'object'
        ? { ...res.body, client: null }
        : res.body;
    const check = validateFapiResponse(wire, path, res.status, body);
    expect(check.ok, `${method} ${path} ${res.status}: ${check.errors}`).toBe(true);
    return res;
  }
}

/** A new browser of the instance (a development one has set up its dev browser). */
export async function newBrowser(t: FapiTestInstance): Promise<FapiBrowser> {
  const b = new CheckedBrowser(t.app, t.instanceId, PAGE_ORIGIN);
  if (t.kind === 'development') await b.setUpDevBrowser();
  return b;
}

/** Instance settings with a lowered lockout (the flows' lockout tests). */
export function lockoutSettings(lockout: Partial<UserLockoutSettings>): InstanceSettings {
  return { attack_protection: { user_lockout: lockout } };
}
