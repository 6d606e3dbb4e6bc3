import { defineConfig } from 'vitest/config';

// Two projects: fast pure unit tests next to the code, and tests under test/ that start real
// bridge processes, sockets and browsers (see test/README.md).
export default defineConfig({
  test: {
    // Integration files start their own bridge processes and browsers; two cores gain nothing from more.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['shared/src/**/*.test.ts', 'bridge/src/**/*.test.ts', 'extension/src/**/*.test.ts', 'admin/src/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
