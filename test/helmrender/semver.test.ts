// Which subchart a dependency takes: Helm's IsCompatibleRange over the constraints charts write.

import { describe, expect, it } from 'vitest';
import { isCompatibleRange } from '../../server/src/service/helmrender/index';

describe('dependency version constraints', () => {
  const cases: [string, string, boolean][] = [
    ['2.x.x', '2.31.10', true],
    ['2.x.x', '3.0.0', false],
    ['22.X.X', '22.0.1', true],
    ['0.12.*', '0.12.4', true],
    ['^10.0.0', '10.9.0', true],
    ['^10.0.0', '11.0.0', false],
    ['~1.0.0', '1.0.9', true],
    ['~1.0.0', '1.1.0', false],
    ['8.4.0', '8.4.0', true],
    ['>=1.0.0 <2.0.0', '1.5.0', true],
    ['>=1.0.0', '1.5.0-rc.1', false],
    ['>=1.0.0-0', '1.5.0-rc.1', true],
    ['1.0.0 || 2.0.0', '2.0.0', true],
    ['', '1.0.0', false],
    ['1.x.x', 'not-a-version', false],
  ];
  for (const [constraint, version, expected] of cases) {
    it(`${JSON.stringify(constraint)} ${expected ? 'takes' : 'refuses'} ${version}`, () => {
      expect(isCompatibleRange(constraint, version)).toBe(expected);
    });
  }
});
