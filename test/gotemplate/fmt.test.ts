// Go's fmt as templates print: every expected string below is what helm v4 printed for the same
// call (`printf` and `print` in a chart's NOTES.txt, ../shared/tools/helm-oracle.sh).

import { describe, expect, it } from 'vitest';
import { formatFloat, formatValue, goMap, GoStruct, sprint, sprintf, sprintln, type Value } from '../../server/src/service/gotemplate/index';

/** A struct with a String method, as sprig's *semver.Version: fmt.Stringer. */
const VERSION = new GoStruct('*semver.Version', goMap({ major: 1n }), new Map([['String', { arity: 0, call: () => '1.2.3' }]]));

describe('printing a value as an action does (%v)', () => {
  it.each<[Value, string]>([
    [1000000, '1e+06'],
    [8080, '8080'],
    [100000, '100000'],
    [123456789, '1.23456789e+08'],
    [123456.7, '123456.7'],
    [1234567.8, '1.2345678e+06'],
    [1.5, '1.5'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1e20, '1e+20'],
    [1e21, '1e+21'],
    [1e100, '1e+100'],
    [0.1 + 0.2, '0.30000000000000004'],
    [-0, '-0'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
    [NaN, 'NaN'],
    [8080n, '8080'],
    [-12n, '-12'],
    [true, 'true'],
    [null, '<nil>'],
    ['text', 'text'],
    [[1, 's', null, true], '[1 s <nil> true]'],
    [goMap({ x: 1, b: [1, 's', null, true] }), 'map[b:[1 s <nil> true] x:1]'],
    [goMap({ b: 1, a: goMap({ d: null, c: [] }) }), 'map[a:map[c:[] d:<nil>] b:1]'],
    [new GoStruct('*chart.Metadata', goMap({ Name: 'x', Version: '1.0' })), '&{x 1.0}'],
    [new GoStruct('chartutil.VersionSet', new Map(), new Map(), ['v1', 'apps/v1']), '[v1 apps/v1]'],
    // A Stringer prints as its String(), also inside lists and maps (fmt's handleMethods at every depth).
    [VERSION, '1.2.3'],
    [[VERSION, 1n], '[1.2.3 1]'],
    [goMap({ v: VERSION }), 'map[v:1.2.3]'],
  ])('%s', (value, text) => {
    expect(formatValue(value)).toBe(text);
  });
});

describe('strconv.FormatFloat', () => {
  it.each<[number, 'e' | 'f' | 'g', number, string]>([
    [2.675, 'f', 2, '2.67'], // the float64 is just below 2.675
    [0.5, 'f', 0, '0'], // an exact half rounds to even
    [1.5, 'f', 0, '2'],
    [0.25, 'f', 1, '0.2'],
    [0.35, 'f', 1, '0.3'], // 0.35 is below one half in binary
    [1234.5678, 'e', 6, '1.234568e+03'],
    [0.000012345, 'g', -1, '1.2345e-05'],
    [1234.5678, 'g', 3, '1.23e+03'],
    [100, 'g', 3, '100'],
    [99.99, 'f', 1, '100.0'],
    [9.5, 'e', 0, '1e+01'],
    [0, 'e', 2, '0.00e+00'],
    [1e-7, 'f', -1, '0.0000001'],
    [5e-324, 'g', -1, '5e-324'],
    [1.7976931348623157e308, 'e', 3, '1.798e+308'],
  ])('%s %s %s', (x, verb, prec, text) => {
    expect(formatFloat(x, verb, prec)).toBe(text);
  });
});

describe('printf', () => {
  it.each<[string, Value[], string]>([
    ['%d|%s|%5.2f|%05d|%-4s|%q|%x|%v', [8080, 3n, 1.5, 42n, 'ab', 'h"i', 'hi', goMap({ x: 1 })], '%!d(float64=8080)|%!s(int=3)| 1.50|00042|ab  |"h\\"i"|6869|map[x:1]'],
    ['%d %d', [1n], '1 %!d(MISSING)'],
    ['%d', [1n, 2n, 'x'], '1%!(EXTRA int=2, string=x)'],
    ['%e|%g|%.3g|%8.3f|%-8.2f|%+d|% d', [1234.5678, 0.000012345, 1234.5678, 3.14159, 2.5, 5n, 5n], '1.234568e+03|1.2345e-05|1.23e+03|   3.142|2.50    |+5| 5'],
    ['%x|%X|%#x|%o|%b|%c|%q|%U', [255n, 255n, 255n, 8n, 5n, 65n, 65n, 65n], 'ff|FF|0xff|10|101|A|\'A\'|U+0041'],
    ['%5s|%-5s|%05s|%.2s|%5.1s|%t|%t|%v|%s|%d', ['ab', 'ab', 'ab', 'abc', 'xyz', true, 1n, null, null, [1n, 2n]], '   ab|ab   |000ab|ab|    x|true|%!t(int=1)|<nil>|%!s(<nil>)|[1 2]'],
    ['%s|%d', [['a', 1n], goMap({ a: 1n })], '[a %!s(int=1)]|map[%!d(string=a):1]'],
    ['%08.3f|%+.2e|%x', [-3.14159, 12345.678, 'héllo'], '-003.142|+1.23e+04|68c3a96c6c6f'],
    ['%[2]d %[1]d|%*d|%-*d|%.*f', [1n, 2n, 5n, 42n, 4n, 7n, 2n, 3.14159], `2 1| 5|4${' '.repeat(41)}|%!f(int=0000002)`],
    ['%!', [], '%!!(MISSING)'],
    ['%', [], '%!(NOVERB)'],
    ['%z', [1n], '%!z(int=1)'],
    ['%[3]d', [1n], '%!d(BADINDEX)'],
    ['%T %T %T %T %T %T', [1n, 1, 's', null, [], new Map()], 'int float64 string <nil> []interface {} map[string]interface {}'],
    ['%%|%5%|%d%%', [50n], '%|%|50%'],
    ['%-05d|%+05d|%x|% x|%#v|%#v', [-3n, 3n, -255n, 'ab', 'q', [1n, 'a']], '-3   |+0003|-ff|61 62|"q"|[]interface {}{1, "a"}'],
    ['%6.2f%%', [99.5], ' 99.50%'],
    ['%v|%s', [Infinity, 'x'], '+Inf|x'],
    ['%05v|%-6v|', [NaN, -Infinity], '  NaN|-Inf  |'],
    ['%q', ['tab\there\u0001é😀'], '"tab\\there\\x01é😀"'],
    ['%+q|%#q', ['é', 'back`quote'], '"\\u00e9"|"back`quote"'],
  ])('%s', (format, args, text) => {
    expect(sprintf(format, ...args)).toBe(text);
  });
});

describe('print and println', () => {
  it('puts spaces between operands when neither is a string, as Sprint does', () => {
    expect(sprint(1n, 2n, 'a', 'b', 3n, null, true)).toBe('1 2ab3 <nil> true');
    expect(sprint()).toBe('');
    expect(sprintln(1n, 'a')).toBe('1 a\n');
  });
});

describe('a Stringer under each verb', () => {
  it.each<[string, Value[], string]>([
    ['%v|%s|%q|%x', [VERSION, VERSION, VERSION, VERSION], '1.2.3|1.2.3|"1.2.3"|312e322e33'],
    ['%10v|%-6s|', [VERSION, VERSION], '     1.2.3|1.2.3 |'],
    // %d is not a string verb: fmt skips String() and prints the struct's fields with %d.
    ['%d', [VERSION], '&{1}'],
    ['%T', [VERSION], '*semver.Version'],
  ])('%s', (format, args, text) => {
    expect(sprintf(format, ...args)).toBe(text);
  });

  it('print and println use String() too', () => {
    expect(sprint(VERSION, VERSION)).toBe('1.2.3 1.2.3');
    expect(sprintln('v', VERSION)).toBe('v 1.2.3\n');
  });
});
