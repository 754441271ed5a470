// Helm's IsCompatibleRange: does a chart's version satisfy a dependency's version constraint, as
// Masterminds/semver v3 checks it. The constraint language is sprig's (../sprig/semver.ts, the
// same library as Helm's); a constraint or a version that does not parse is "not compatible".

import { GoError } from '../gotemplate/index';
import { parseConstraints, parseVersion, satisfies } from '../sprig/index';

export function isCompatibleRange(constraint: string, version: string): boolean {
  try {
    return satisfies(parseConstraints(constraint), parseVersion(version));
  } catch (e) {
    if (e instanceof GoError) return false;
    throw e;
  }
}
