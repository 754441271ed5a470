// --set and --set-string parsed as Helm's strvals parses them; every case's result and every
// error message is what helm v4.1.4 gives for it (`helm install --dry-run=client --set …`).

import { describe, expect, it } from 'vitest';
import type { GoMap } from '../../server/src/service/gotemplate/index';
import { parseStrvals } from '../../server/src/service/helmrender/index';
import { toJson } from './support';

function parse(text: string, strings = false): { values: unknown; error?: string; map: GoMap } {
  const map: GoMap = new Map();
  const error = parseStrvals(text, map, { strings });
  return { values: toJson(map), map, ...(error ? { error } : {}) };
}

describe('--set', () => {
  const cases: [string, unknown][] = [
    ['name=value', { name: 'value' }],
    ['a.b.c=1,d=true,e=FALSE', { a: { b: { c: 1 } }, d: true, e: false }],
    ['a=1.5,b=010,c=0,d=-3,e=+4,f=null,g=NULL', { a: '1.5', b: '010', c: 0, d: -3, e: 4, f: null, g: null }],
    ['list={a,b,c}', { list: ['a', 'b', 'c'] }],
    ['list={}', { list: [''] }],
    ['emptylist={ }', { emptylist: [' '] }],
    ['a=', { a: '' }],
    ['a=x\\,y,b\\.c=z', { a: 'x,y', 'b.c': 'z' }],
    ['l[0]=a,l[2]=c', { l: ['a', null, 'c'] }],
    ['l[0].name=a,l[0].port=80', { l: [{ name: 'a', port: 80 }] }],
    ['n[1][0]=x', { n: [null, ['x']] }],
    ['a.b=1,a.c=2', { a: { b: 1, c: 2 } }],
    ['big=9223372036854775808', { big: '9223372036854775808' }],
    ['x=a=b', { x: 'a=b' }],
  ];
  for (const [text, expected] of cases) {
    it(text, () => {
      const r = parse(text);
      expect(r.error).toBeUndefined();
      expect(r.values).toEqual(expected);
    });
  }

  it('types integers as Go int64 (bigint), not float64', () => {
    const { map } = parse('c=0,d=-3,e=+4,f=1.5');
    expect([map.get('c'), map.get('d'), map.get('e'), map.get('f')]).toEqual([0n, -3n, 4n, '1.5']);
  });

  const errors: [string, string][] = [
    ['a', 'key "a" has no value'],
    ['a,b=1', 'key "a" has no value (cannot end with ,)'],
    ['a.=1', 'key map "a" has no value'],
    ['a[x]=1', 'error parsing index: strconv.Atoi: parsing "x": invalid syntax'],
    ['a[-1]=1', 'negative -1 index not allowed'],
    ['a={x', "list must terminate with '}'"],
    ['a[0]x=1', "unexpected data at end of array index: ['x']"],
  ];
  for (const [text, message] of errors) {
    it(`refuses ${text}`, () => {
      expect(parse(text).error).toBe(message);
    });
  }
});

describe('--set-string', () => {
  it('keeps every value a string', () => {
    expect(parse('a=1,b=true,c=null', true).values).toEqual({ a: '1', b: 'true', c: 'null' });
    expect(parse('l={1,2}', true).values).toEqual({ l: ['1', '2'] });
  });
});
