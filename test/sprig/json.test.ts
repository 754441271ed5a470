// encoding/json as Go writes and reads it; messages from helm v4's toJson/fromJson.

import { describe, expect, it } from 'vitest';
import { GoError, goMap } from '../../server/src/service/gotemplate/index';
import { marshalJson, unmarshalJson } from '../../server/src/service/sprig/json';

describe('marshal', () => {
  it('sorts keys, escapes HTML and controls, prints floats as Go', () => {
    const v = goMap({ b: '<a&b>', a: [1n, 2.5, null, true], c: 'é\u2028\t\u0001\b\f"\\', d: 1e21, e: 0.000001, f: 1e-7, g: -0 });
    expect(marshalJson(v)).toBe('{"a":[1,2.5,null,true],"b":"\\u003ca\\u0026b\\u003e","c":"é\\u2028\\t\\u0001\\b\\f\\"\\\\","d":1e+21,"e":0.000001,"f":1e-7,"g":-0}');
    expect(marshalJson(goMap({ a: '<&>' }), { escapeHTML: false })).toBe('{"a":"<&>"}');
    expect(marshalJson(goMap({ a: [], b: goMap({}), c: [1n, goMap({ x: 1n })] }), { indent: '  ' })).toBe('{\n  "a": [],\n  "b": {},\n  "c": [\n    1,\n    {\n      "x": 1\n    }\n  ]\n}');
    expect(() => marshalJson(NaN)).toThrow(new GoError('json: unsupported value: NaN'));
  });
});

describe('unmarshal', () => {
  it.each<[string, string]>([
    ['{bad', "invalid character 'b' looking for beginning of object key string"],
    ['', 'unexpected end of JSON input'],
    ['{"a":1} x', "invalid character 'x' after top-level value"],
    ['{"a" 1}', "invalid character '1' after object key"],
    ['[1,]', "invalid character ']' looking for beginning of value"],
    ['"\\x"', "invalid character 'x' in string escape code"],
    ['01', "invalid character '1' after top-level value"],
    ['nul', "invalid character ' ' in literal null (expecting 'l')"],
    ['{"a":1,}', "invalid character '}' looking for beginning of object key string"],
    ['[1 2]', "invalid character '2' after array element"],
    ['{"a":1 "b"}', "invalid character '\"' after object key:value pair"],
    ['1.', "invalid character ' ' after decimal point in numeric literal"],
    ['"a', 'unexpected end of JSON input'],
  ])('%j: %s', (text, message) => {
    expect(unmarshalJson(text).error).toBe(message);
  });

  it('reads numbers as float64 and checks the target type', () => {
    expect(unmarshalJson('{"a":[1,"x",null]}').value).toEqual(goMap({ a: [1, 'x', null] }));
    expect(unmarshalJson('[1]', 'map').error).toBe('json: cannot unmarshal array into Go value of type map[string]interface {}');
    expect(unmarshalJson('{}', 'list').error).toBe('json: cannot unmarshal object into Go value of type []interface {}');
    expect(unmarshalJson('null', 'map')).toEqual({ value: null });
  });
});
