import { defineConfig } from 'vitest/config';

const shared = {
  globalSetup: ['packages/server/test/global-setup.ts'],
  testTimeout: 30_000,
  hookTimeout: 60_000,
  pool: 'forks' as const,
};

export default defineConfig({
  test: {
    projects: [
      {
        // Unit tests and the contract: each file in a module graph of its own (some mock
        // node:crypto at the edge).
        test: {
          ...shared,
          name: 'unit',
          include: [
            'packages/contract/test/**/*.test.ts',
            'packages/server/test/unit/**/*.test.ts',
          ],
          isolate: true,
        },
      },
      {
        // Through HTTP on real databases: the test files of a worker share its modules, so
        // they share its migrated databases and servers (test/helpers/test-instance.ts);
        // suites are kept apart by instances.
        test: {
          ...shared,
          name: 'server',
          include: [
            'packages/server/test/**/*.test.ts',
            'packages/sdk/test/**/*.test.ts',
            'scripts/**/*.test.ts',
          ],
          exclude: ['packages/server/test/unit/**'],
          isolate: false,
        },
      },
    ],
  },
});
