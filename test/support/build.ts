// Vitest global setup: build the bundles once, before any test file runs, so that tests that
// spawn dist/cli.js or dist/server.js never race with a build rewriting them.

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export default function setup(): void {
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: join(__dirname, '..', '..'), stdio: 'inherit' });
}
