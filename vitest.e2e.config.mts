// End-to-end tests in real editors: Neovim and VS Code (code-server in headless Chromium).
// scripts/e2e-setup.sh installs what they need; they run one at a time, each takes seconds.
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
