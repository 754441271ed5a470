// Helm's toYaml byte for byte, and fromYaml's reading, with the outputs helm v4 gave for the same
// values (recorded from ../shared/tools/helm-oracle.sh).

import { describe, expect, it } from 'vitest';
import { GoError, goMap, type Value } from '../../server/src/service/gotemplate/index';
import { compareKeys, marshalYaml, marshalYamlPretty, resolvesToString, unmarshalYaml } from '../../server/src/service/helmfuncs/index';

const toYaml = (v: Value) => marshalYaml(v).replace(/\n$/, '');
const LONG = 'aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq rrrr ssss';

describe('toYaml', () => {
  it.each<[string, Value, string]>([
    ['a string', 'abc', 'abc'],
    ['nil', null, 'null'],
    ['a multi-line string', 'a\nb', '|-\n  a\n  b'],
    ['a string kept with its blank lines', 'keep\n\n', '|+\n  keep\n'],
    ['a leading space', ' x', "' x'"],
    ['a literal with a leading space', goMap({ a: ' lead\n' }), 'a: |2\n   lead'],
    ['a float written as an int by JSON', 1e6, '1000000'],
    ['small floats', 0.000001, '1e-06'],
    ['big floats', 1e21, '1e+21'],
    ['negative zero', -0, '0'],
    ['a uint64 from JSON', 12345678901234567000, '12345678901234567000'],
    ['empty collections', [[], goMap({})], '- []\n- {}'],
    ['nested lists', [1n, [2n, 3n], []], '- 1\n- - 2\n  - 3\n- []'],
    ['a map in a list', [goMap({ a: 1n, b: ['x'] })], '- a: 1\n  b:\n  - x'],
    ['a list in a map is not indented', goMap({ l: [1n, 2n] }), 'l:\n- 1\n- 2'],
    ['long plain strings fold past column 80', goMap({ long: LONG }), 'long: aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp\n  qqqq rrrr ssss'],
    ['folding follows the indentation', goMap({ nested: goMap({ deeper: goMap({ long: LONG }) }) }), 'nested:\n  deeper:\n    long: aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo\n      pppp qqqq rrrr ssss'],
    ['a plain string folds at its first space past column 80, not at one on it', goMap({ j: `${'é'.repeat(77)} a b` }), `j: ${'é'.repeat(77)} a\n  b`],
    ['a plain string that ends before column 80 is not folded', goMap({ j: `${'é'.repeat(70)} a b` }), `j: ${'é'.repeat(70)} a b`],
    ['double-quoted strings fold too', goMap({ dq: 'a "long" string with \ttab aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm' }), 'dq: "a \\"long\\" string with \\ttab aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj\n  kkkk llll mmmm"'],
    ['a multi-line key', goMap({ 'multi\nkey': 4n }), '? |-\n  multi\n  key\n: 4'],
    ['keys that need quotes', goMap({ '': 3n, '#hash': 5n, '- dash': 2n, '1.5': 6n, null: 7n, 'key with: colon': 1n }), '"": 3\n\'#hash\': 5\n\'- dash\': 2\n"1.5": 6\n\'key with: colon\': 1\n"null": 7'],
  ])('%s', (_, value, expected) => {
    expect(toYaml(value)).toBe(expected);
  });

  it('quotes strings as go-yaml v2 does', () => {
    const strings = ['true', 'False', '~', '-', '?', ':', '[x]', '{x}', 'a,b', '@x', '`x', '%x', '!x', '&x', '*x', '|x', '>x', 'a: b', 'a #b', 'a#b', '0o17', '0b1', '.5', '1e3', '+1', '-.inf', '.NaN', '1:20', '2001-12-14t21:59:43.10-05:00', 'Y', 'NO', 'Off', '=', '<<', '0x', '1_0', '12:30:45', '0777', '-0', '+.5', '1.', '._', '1e', '0x1g', 'x\r\ny', 'quote"d\\', "singlequote'", 'é', 'é😀', 'trailing \nspace', 'tab\there'];
    const expected = ['"true"', '"False"', '"~"', "'-'", "'?'", "':'", "'[x]'", "'{x}'", 'a,b', "'@x'", "'`x'", "'%x'", "'!x'", "'&x'", "'*x'", "'|x'", "'>x'", "'a: b'", "'a #b'", 'a#b', '"0o17"', '"0b1"', '".5"', '"1e3"', '"+1"', '"-.inf"', '".NaN"', '"1:20"', '"2001-12-14t21:59:43.10-05:00"', '"Y"', '"NO"', '"Off"', '=', '<<', '0x', '"1_0"', '"12:30:45"', '"0777"', '"-0"', '"+.5"', '"1."', '._', '1e', '0x1g', '"x\\r\\ny"', 'quote"d\\', "singlequote'", 'é', '"é\\U0001F600"', '"trailing \\nspace"', '"tab\\there"'];
    expect(toYaml(strings)).toBe(expected.map((e) => `- ${e}`).join('\n'));
  });

  it('orders keys naturally', () => {
    const keys = ['a10', 'a9', 'a_b', 'ab', 'A', 'b', '01', '1', 'a-b', 'x1y', 'x01y'];
    expect(keys.sort(compareKeys)).toEqual(['1', '01', 'A', 'a-b', 'a_b', 'a9', 'a10', 'ab', 'b', 'x1y', 'x01y']);
  });

  it('fails as json.Marshal fails', () => {
    expect(() => marshalYaml(NaN)).toThrow(new GoError('json: unsupported value: NaN'));
  });

  it('knows which plain strings read back as strings', () => {
    expect(resolvesToString('on')).toBe(false);
    expect(resolvesToString('<<')).toBe(true);
    expect(resolvesToString('2001-12-14')).toBe(false);
    expect(resolvesToString('2001-13-14')).toBe(true);
  });
});

describe('toYamlPretty', () => {
  it('writes as go-yaml v3 with an indent of 2: indented lists, no folding, floats as floats', () => {
    const v = goMap({ a: [1n, 2n], b: goMap({ c: 'yes' }), d: 1000000, e: 'multi\nline', f: LONG, g: [goMap({ x: 1n, y: 2n })], h: null, i: '' });
    expect(marshalYamlPretty(v).replace(/\n$/, '')).toBe(`a:\n  - 1\n  - 2\nb:\n  c: "yes"\nd: 1e+06\ne: |-\n  multi\n  line\nf: ${LONG}\ng:\n  - x: 1\n    "y": 2\nh: null\ni: ""`);
  });
});

describe('fromYaml', () => {
  it('reads YAML 1.1 as go-yaml v2, then through JSON', () => {
    const { value } = unmarshalYaml('a: 0777\nb: 0x1F\nc: yes\nd: ~\ne: 1_000\nf: 1e3\ng: 2001-12-14\n1: one\ntrue: t\nh: !!str 5\ni: 1:20\nj: 12345678901234567890', 'map');
    expect(value).toEqual(goMap({ a: 511, b: 31, c: true, d: null, e: 1000, f: 1000, g: '2001-12-14', 1: 'one', true: 't', h: '5', i: '1:20', j: 12345678901234567000 }));
  });

  it('merges, keeps the last of duplicate keys and reads the first document', () => {
    expect(unmarshalYaml('a: &x {b: 1}\nc:\n  <<: *x\n  d: 2', 'map').value).toEqual(goMap({ a: goMap({ b: 1 }), c: goMap({ b: 1, d: 2 }) }));
    expect(unmarshalYaml('a: 1\na: 2', 'map').value).toEqual(goMap({ a: 2 }));
    expect(unmarshalYaml('a: 1\n---\nb: 2', 'map').value).toEqual(goMap({ a: 1 }));
  });

  it('reports errors as sigs.k8s.io/yaml wraps them', () => {
    expect(unmarshalYaml('- 1', 'map').error).toBe('error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}');
    expect(unmarshalYaml('a: 1', 'list').error).toBe('error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}');
    expect(unmarshalYaml('a: .inf', 'map').error).toBe('error converting YAML to JSON: json: unsupported value: +Inf');
    expect(unmarshalYaml('a: [1', 'map').error).toMatch(/^error converting YAML to JSON: yaml: line 1: /);
    expect(unmarshalYaml('', 'map')).toEqual({ value: goMap({}) });
  });
});
