// Values files read as Helm reads them (sigs.k8s.io/yaml: go-yaml's YAML 1.1, then JSON): the
// expected values and Go types are helm v4.1.4's (`toJson .Values` and `printf "%T"` of each).

import { describe, expect, it } from 'vitest';
import { Origins, typeName } from '../../server/src/service/gotemplate/index';
import { readValues } from '../../server/src/service/helmrender/index';
import { toJson } from './support';

const VALUES = `base: &base {a: 1, b: two}
merged:
  <<: *base
  b: three
alias: *base
oct: 0777
hex: 0x1F
big: 12345678901234567890
float: 1e3
int: 8080
neg: -5
date: 2024-01-01
yes: on
word: off
tilde: ~
quoted: "0777"
1: one
empty:
list: [1, 2.5, x]
`;

describe('values files', () => {
  it('reads YAML 1.1 into JSON values as helm does', () => {
    const { values, errors } = readValues(VALUES, 'values.yaml', new Origins());
    expect(errors).toEqual([]);
    expect(toJson(values)).toEqual({ '1': 'one', alias: { a: 1, b: 'two' }, base: { a: 1, b: 'two' }, big: 12345678901234567000, date: '2024-01-01', empty: null, float: 1000, hex: 31, int: 8080, list: [1, 2.5, 'x'], merged: { a: 1, b: 'three' }, neg: -5, oct: 511, quoted: '0777', tilde: null, true: true, word: false });
    // Every number is a float64, as JSON decodes it.
    expect(['int', 'oct', 'big', 'neg'].map((k) => typeName(values.get(k)!))).toEqual(['float64', 'float64', 'float64', 'float64']);
  });

  it('records where each entry was written, merged entries included', () => {
    const origins = new Origins();
    const { values } = readValues(VALUES, 'values.yaml', origins);
    const span = (o: { span: { start: number; end: number } } | undefined) => o && VALUES.slice(o.span.start, o.span.end);
    expect(span(origins.get(values, 'int'))).toBe('int: 8080');
    expect(span(origins.get(values.get('merged')!, 'b'))).toBe('b: three');
    expect(span(origins.get(values.get('merged')!, 'a'))).toBe('a: 1');
    expect(span(origins.get(values.get('list')!, 1))).toBe('2.5');
    expect(origins.get(values, 'int')?.path).toBe('int');
  });

  it('refuses a top level that is not a map, and reports YAML errors', () => {
    expect(readValues('- a\n', 'v.yaml', new Origins()).errors).toEqual(['v.yaml: values must be a map, not a list']);
    expect(readValues('a: [\n', 'v.yaml', new Origins()).errors.length).toBeGreaterThan(0);
    expect(readValues('', 'v.yaml', new Origins()).values.size).toBe(0);
  });
});
