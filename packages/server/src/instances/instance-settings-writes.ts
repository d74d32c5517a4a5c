import type { Scope } from '../platform/scope.js';
import { runWrite, type WriteTx } from '../platform/write.js';
import { updateInstanceSettings } from './instance-settings.js';
import { sectionsOf, type SettingsSections } from './instance-settings-sections.js';

type Patch<K extends keyof SettingsSections> = Partial<SettingsSections[K]>;

/**
 * Merges `patch` into one section of the settings document inside a write (a locked
 * read-merge-write, so concurrent writers of other sections keep their changes) and answers
 * every section as saved. Keys whose value is `undefined` are left as they were.
 */
export async function patchSection<K extends keyof SettingsSections>(
  tx: WriteTx,
  section: K,
  patch: Patch<K>,
): Promise<SettingsSections> {
  const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  const next = await updateInstanceSettings(tx, (current) => ({
    ...current,
    [section]: { ...(current[section] as object | undefined), ...defined },
  }));
  return sectionsOf(next);
}

/** `patchSection` as a write of its own. */
export async function writeSection<K extends keyof SettingsSections>(
  scope: Scope,
  section: K,
  patch: Patch<K>,
): Promise<SettingsSections> {
  return runWrite(scope, (tx) => patchSection(tx, section, patch));
}
