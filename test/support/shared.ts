// Where ../shared lies: the repository is cloned as <dir>/main with shared/ beside it. Only the
// suites under test/shared read it (`npm run test:corpus`); `npm test` passes without it.

import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const SHARED = join(__dirname, '..', '..', '..', 'shared');

/** A folder of ../shared, or a clear error naming what is missing and what needs it. */
export function sharedPath(...parts: string[]): string {
  const path = join(SHARED, ...parts);
  if (!existsSync(path)) throw new Error(`${path} is missing: npm run test:corpus needs ../shared beside the clone (see the README's "Tests")`);
  return path;
}
