import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../server/test/helpers/test-instance.js';
import { testDialects } from '../../../server/test/helpers/test-server.js';
import { COVERAGE_PLAN, groupOf, type GroupName } from './operations-suite.js';

/**
 * Every operation the server registers is called through the SDK: each file of this folder
 * checks it called every implemented operation of its groups (its last test), and this
 * checks those files' groups are exactly the groups with an implemented operation. An
 * operation registered in a new group fails here until a file covers the group.
 */
describe('SDK operation tests cover every operation the server implements', () => {
  it('each implemented operation is a method of a group a test file covers', async () => {
    const { app } = await useTestInstance(testDialects()[0]!);
    const implemented = [...app.castellan.operationIds];
    expect(implemented.filter((id) => groupOf(id) === undefined)).toEqual([]);
    const needed = new Set(implemented.map((id) => groupOf(id)!));
    const covered = Object.values(COVERAGE_PLAN).flat() as GroupName[];
    expect(covered.length, 'a group covered by two files').toBe(new Set(covered).size);
    expect([...new Set(covered)].sort()).toEqual([...needed].sort());
  });

  it.each(Object.keys(COVERAGE_PLAN))('%s.test.ts checks its groups', (file) => {
    const path = new URL(`./${file}.test.ts`, import.meta.url);
    expect(existsSync(path)).toBe(true);
    expect(readFileSync(path, 'utf8')).toContain(`describeOperations('${file}',`);
  });
});
