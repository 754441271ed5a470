// The suites over ../shared (`npm run test:corpus`): the corpus with its expected verdicts, the
// seed tables every catalog row must cover, the corpus charts, and the fuzz over mutated corpus
// files. They need the shared folder beside the clone (<dir>/main and <dir>/shared).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['test/support/build.ts'],
    include: ['test/shared/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
