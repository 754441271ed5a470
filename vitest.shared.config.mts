// The suites over ../shared (`npm run test:corpus`): the corpus with its expected verdicts, the
// seed tables every catalog row must cover, the corpus charts, the fuzz over mutated corpus
// files, and the suites against the real helm (../shared/tools/helm-oracle.sh). They need the
// shared folder beside the clone (<dir>/main and <dir>/shared).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The bundles first, then helm, once, for the suites that compare with it.
    globalSetup: ['test/support/build.ts', 'test/support/helm-oracle-setup.ts'],
    include: ['test/shared/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
