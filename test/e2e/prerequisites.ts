// What the end-to-end tests drive is installed by `npm run e2e:setup`, never by the tests. A test
// whose editor is missing fails at once, saying so, instead of timing out or installing.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const SETUP = 'run `npm run e2e:setup` first (as root: it installs Neovim and Chromium with apt, and code-server into .e2e/)';

/** Throws when the file is not there. */
export function requireFile(path: string, what: string): void {
  if (!existsSync(path)) throw new Error(`${what} is not installed at ${path}: ${SETUP}`);
}

/** Throws when the command is not on the PATH. */
export function requireCommand(command: string, what: string): void {
  const found = spawnSync(command, ['--version'], { stdio: 'ignore' });
  if (found.error) throw new Error(`${what} (\`${command}\`) is not installed: ${SETUP}`);
}
