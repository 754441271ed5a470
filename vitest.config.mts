// The default suite: in-process tests and protocol tests against the built server. End-to-end
// tests in real editors (test/e2e) have their own config: vitest.e2e.config.mts.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['test/support/build.ts'],
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
  },
});
