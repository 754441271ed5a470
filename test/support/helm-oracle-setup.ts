// Vitest global setup of the suites over ../shared: fetches the real helm binary once, before the
// suites that compare with it start in parallel, so that on a new machine they never race to
// download and unpack it into the same cache (../shared/tools/helm-oracle.sh is idempotent).

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { sharedPath } from './shared';

export default function setup(): void {
  execFileSync('bash', [join(sharedPath('tools'), 'helm-oracle.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
}
