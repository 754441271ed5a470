// The value model: Go's truthiness, len, type names and comparisons, checked against what Go
// (and helm, ../shared/tools/helm-oracle.sh) answers for the same values.

import { describe, expect, it } from 'vitest';
import { GoError, GoStruct, goEq, goGe, goGt, goLe, goLen, goLt, goMap, goNe, isTrue, typeName, type Value } from '../../server/src/service/gotemplate/index';

const struct = new GoStruct('*chart.Metadata', goMap({ Name: 'x' }));

describe('truthiness', () => {
  it.each<[string, Value, boolean]>([
    ['false', false, false],
    ['true', true, true],
    ['int 0', 0n, false],
    ['int 1', 1n, true],
    ['float 0', 0, false],
    ['float -0', -0, false],
    ['float 0.5', 0.5, true],
    ['NaN', NaN, true],
    ['nil', null, false],
    ['empty string', '', false],
    ['a space', ' ', true],
    ['empty list', [], false],
    ['list of nil', [null], true],
    ['empty map', new Map(), false],
    ['map', goMap({ a: null }), true],
    ['struct', struct, true],
    ['struct over an empty list', new GoStruct('chartutil.VersionSet', new Map(), new Map(), []), false],
  ])('%s', (_, value, truth) => {
    expect(isTrue(value)).toBe(truth);
  });
});

describe('len and type names', () => {
  it.each<[Value, number]>([
    ['abc', 3],
    ['héllo', 6], // bytes, as Go counts a string
    ['😀', 4],
    [[1n, 2n], 2],
    [goMap({ a: 1, b: 2 }), 2],
  ])('len %s', (value, n) => {
    expect(goLen(value)).toBe(n);
  });

  it('fails on what has no length, with Go messages', () => {
    expect(() => goLen(3n)).toThrow(new GoError('len of type int'));
    expect(() => goLen(null)).toThrow(new GoError('len of nil pointer'));
  });

  it.each<[Value, string]>([
    [null, '<nil>'],
    [true, 'bool'],
    [1n, 'int'],
    [1, 'float64'],
    ['s', 'string'],
    [[], '[]interface {}'],
    [new Map(), 'map[string]interface {}'],
    [struct, '*chart.Metadata'],
  ])('type of %s', (value, name) => {
    expect(typeName(value)).toBe(name);
  });
});

describe('comparisons', () => {
  it.each<[string, () => boolean, boolean]>([
    ['eq ints', () => goEq(80n, 80n), true],
    ['eq floats', () => goEq(8080, 8080), true],
    ['eq strings', () => goEq('a', 'a'), true],
    ['eq bools', () => goEq(true, false), false],
    ['eq with several: any matches', () => goEq('b', 'a', 'b', 'c'), true],
    ['eq with several: none', () => goEq('z', 'a', 'b'), false],
    ['eq nil nil', () => goEq(null, null), true],
    ['eq nil and a string: unequal, no error', () => goEq(null, 'a'), false],
    ['eq a string and nil', () => goEq('a', null), false],
    ['eq nil and a map', () => goEq(null, goMap({})), false],
    ['ne', () => goNe(1n, 2n), true],
    ['lt ints', () => goLt(1n, 2n), true],
    ['lt floats', () => goLt(2.5, 2.5), false],
    ['le floats', () => goLe(2.5, 2.5), true],
    ['gt strings (bytewise)', () => goGt('b', 'B'), true],
    ['ge', () => goGe(3n, 3n), true],
    ['lt by code point above the BMP', () => goLt('\uff61', '😀'), true],
  ])('%s', (_, compare, truth) => {
    expect(compare()).toBe(truth);
  });

  it.each<[string, () => boolean, string]>([
    ['an int and a float64', () => goEq(80, 80n), 'incompatible types for comparison: float64 and int'],
    ['a string and an int', () => goEq('80', 80n), 'incompatible types for comparison: string and int'],
    ['a string and a map', () => goEq('a', goMap({ a: 1 })), 'incompatible types for comparison: string and map[string]interface {}'],
    ['maps', () => goEq(goMap({ a: 1 }), goMap({ a: 1 })), 'non-comparable type map[a:%!s(float64=1)]: map[string]interface {}'],
    ['lists', () => goEq(['a'], ['a']), 'non-comparable type [a]: []interface {}'],
    ['eq without a second argument', () => goEq(1n), 'missing argument for comparison'],
    ['lt on bools', () => goLt(true, false), 'invalid type for comparison'],
    ['lt on nil', () => goLt(null, 1n), 'invalid type for comparison'],
    ['lt on an int and a float', () => goLt(1n, 2), 'incompatible types for comparison: int and float64'],
    ['gt on lists', () => goGt([], []), 'invalid type for comparison'],
  ])('fails on %s', (_, compare, message) => {
    expect(compare).toThrow(new GoError(message));
  });
});
