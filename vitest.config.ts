import { defineConfig } from 'vitest/config';

// Two projects: fast pure unit tests next to the code, and tests under test/ that start real
// bridge processes, sockets and browsers (see test/README.md).
export default defineConfig({
  test: {
    // Integration files start their own bridge processes and browsers; two cores gain nothing from more.
    maxWorkers: 2,
    // Every SQLite store the tests open (and every bridge process they start, which inherits the
    // environment) refuses a write to the data file outside the write thread's turnstile
    // (bridge/src/store/sqlite/write-turn-check.ts): the list of methods that take turns is kept
    // by hand, and a missing one would block the event loop while a sync writes.
    env: { RINGSIDE_CHECK_WRITE_TURNS: '1' },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['shared/src/**/*.test.ts', 'bridge/src/**/*.test.ts', 'extension/src/**/*.test.ts', 'admin/src/**/*.test.ts'],
          environment: 'node',
          // Property tests run 10,000 generated inputs (about 1 s alone); a limit of 5 s failed them
          // when the two cores were shared with browsers. This bounds a hung test, it times nothing.
          testTimeout: 20_000,
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
