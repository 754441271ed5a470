// The default suite (`npm test`): in-process tests and protocol tests against the built server.
// It needs nothing but the clone: the suites that read ../shared (test/shared) have their own
// config, vitest.shared.config.mts, and end-to-end tests in real editors (test/e2e) theirs,
// vitest.e2e.config.mts.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['test/support/build.ts'],
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'test/shared/**', 'node_modules/**'],
    // Tests wait for events, never for time; this limit only ends a test that hangs, and leaves
    // room for a machine whose cores are all busy.
    testTimeout: 60_000,
  },
});
