// Go's regexp on JS's engine: the syntax Go reads differently, its errors, and the search loops
// whose rules for empty matches differ from JS's (answers from helm v4's sprig functions).

import { describe, expect, it } from 'vitest';
import { compileGoRegexp, findAll, findString, matches, quoteMeta, RegexpError, replaceAll, split } from '../../server/src/service/sprig/goregexp';

const m = (re: string, s: string) => matches(compileGoRegexp(re), s);

describe('Go syntax on JS', () => {
  it.each<[string, string, boolean]>([
    ['^v[0-9]+\\.[0-9]+$', 'v1.2', true],
    ['\\s', 'a\u00a0b', false], // \s is ASCII in Go
    ['\\s', 'a\vb', false],
    ['[[:alpha:]]+', '123', false],
    ['[[:^digit:]]', '1a', true],
    ['(?i)ABC', 'xabcx', true],
    ['a(?i)b', 'aB', true],
    ['a(?i:b)c', 'aBC', false],
    ['x{', 'x{', true], // a brace that is not a repetition is a literal
    ['a{2}', 'aa', true],
    ['\\Qa.b\\E', 'a.b', true],
    ['\\Qa.b\\E', 'axb', false],
    ['$', 'a\n', true],
    ['a$', 'a\n', false], // $ is the end of the text without (?m)
    ['(?m)a$', 'a\n', true],
    ['(?s).', '\n', true],
    ['.', '\n', false],
    ['\\pL', 'é', true],
    ['\\p{Greek}', 'λ', true],
    ['\\x41\\x{42}\\101', 'ABA', true],
    ['(?P<word>\\w+)', 'x', true],
    ['\\-\\:', '-:', true],
  ])('%s on %j is %s', (re, s, expected) => {
    expect(m(re, s)).toBe(expected);
  });

  it.each<[string, string]>([
    ['(', 'error parsing regexp: missing closing ): `(`'],
    ['a)', 'error parsing regexp: unexpected ): `a)`'],
    ['[a', 'error parsing regexp: missing closing ]: `[a`'],
    ['*a', 'error parsing regexp: missing argument to repetition operator: `*`'],
    ['a**', 'error parsing regexp: invalid nested repetition operator: `**`'],
    ['\\q', 'error parsing regexp: invalid escape sequence: `\\q`'],
    ['\\1', 'error parsing regexp: invalid escape sequence: `\\1`'],
    ['a{1001}', 'error parsing regexp: invalid repeat count: `{1001}`'],
    ['[z-a]', 'error parsing regexp: invalid character class range: `z-a`'],
  ])('%s fails as Go fails', (re, message) => {
    expect(() => compileGoRegexp(re)).toThrow(new RegexpError(message));
  });
});

describe('search loops', () => {
  it('finds all matches, an empty one never right after another', () => {
    const r = compileGoRegexp('b*');
    expect(findAll(r, 'abc', -1).map((x) => x.slice(0, 2))).toEqual([
      [0, 0],
      [1, 2],
      [3, 3],
    ]);
    expect(findString(compileGoRegexp('[0-9]+'), 'abc123def456')).toBe('123');
  });

  it('replaces as Go does, with $1, ${1}, $name and $$', () => {
    expect(replaceAll(compileGoRegexp('b*'), 'abc', '-', false)).toBe('-a-c-');
    expect(replaceAll(compileGoRegexp('a(x*)b'), '-ab-axxb-', '${1}W', false)).toBe('-W-xxW-');
    expect(replaceAll(compileGoRegexp('a(x*)b'), '-ab-axxb-', '$1W', false)).toBe('---'); // $1W is the group named "1W"
    expect(replaceAll(compileGoRegexp('a(x*)b'), '-ab-axxb-', '${1}', true)).toBe('-${1}-${1}-');
    expect(replaceAll(compileGoRegexp('(?P<first>\\w+) (?P<second>\\w+)'), 'hello world', '$second $first $$', false)).toBe('world hello $');
  });

  it('splits as Go does', () => {
    expect(split(compileGoRegexp(','), 'a,b,,c', -1)).toEqual(['a', 'b', '', 'c']);
    expect(split(compileGoRegexp('x*'), 'abc', -1)).toEqual(['a', 'b', 'c']);
    expect(split(compileGoRegexp(','), 'a,b,c', 2)).toEqual(['a', 'b,c']);
    expect(split(compileGoRegexp(','), '', -1)).toEqual(['']);
    expect(split(compileGoRegexp(','), 'a', 0)).toEqual([]);
  });

  it('quotes metacharacters', () => {
    expect(quoteMeta('a.b*c{1}')).toBe('a\\.b\\*c\\{1\\}');
  });
});
