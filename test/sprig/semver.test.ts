// Masterminds/semver v3 constraints as charts write them; answers from helm v4's semverCompare.

import { describe, expect, it } from 'vitest';
import { GoError } from '../../server/src/service/gotemplate/index';
import { compareVersions, parseConstraints, parseVersion, satisfies } from '../../server/src/service/sprig/semver';

const check = (c: string, v: string) => satisfies(parseConstraints(c), parseVersion(v));

describe('semverCompare', () => {
  it.each<[string, string, boolean]>([
    ['>=1.21-0', 'v1.30.2-gke.100', true],
    ['>=1.21', 'v1.30.2-gke.100', false], // a prerelease needs a constraint with one
    ['>=1.21-0', '1.20.9', false],
    ['^1.2', '1.9.0', true],
    ['^1.2', '2.0.0', false],
    ['^0.2.3', '0.2.9', true],
    ['^0.0.3', '0.0.4', false],
    ['~1.3', '1.3.9', true],
    ['~1.3', '1.4.0', false],
    ['>= 1.19-0 < 1.22-0', '1.21.5', true],
    ['>= 1.19-0 < 1.22-0', '1.22.0', false],
    ['>=1.19-0, <1.22-0', '1.20.0', true],
    ['<1.19 || >=1.25', '1.20.0', false],
    ['<1.19 || >=1.25', '1.26.1', true],
    ['1.2 - 1.4', '1.4.5', true],
    ['1.x', '1.9.9', true],
    ['!=1.2.3', '1.2.3', false],
    ['>1.2', '1.2.9', false],
    ['<=1.2', '1.2.9', true],
    ['=1.2.3', 'v1.2.3', true],
    ['>=1.16.0-0', '1.16.0-rc.1', true],
    ['*', '3.0.0', true],
  ])('%s with %s is %s', (c, v, expected) => {
    expect(check(c, v)).toBe(expected);
  });

  it('reports bad versions and constraints with the library messages', () => {
    expect(() => parseVersion('not-a-version')).toThrow(new GoError('invalid semantic version'));
    expect(() => parseConstraints('=>>1.0')).toThrow(new GoError('improper constraint: =>>1.0'));
  });

  it('orders prereleases by their parts, numbers below names', () => {
    const order = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0'];
    for (let i = 1; i < order.length; i++) expect(compareVersions(parseVersion(order[i - 1]!), parseVersion(order[i]!))).toBe(-1);
  });
});
