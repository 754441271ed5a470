// End-to-end tests in real editors: Neovim and VS Code (code-server in headless Chromium).
// `npm run e2e:setup` installs what they drive; the tests install nothing, and fail at once with
// a message naming that command when something is missing. They run one at a time.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['test/support/build.ts'],
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
});
