// Helm's toToml (BurntSushi/toml's encoder), with the output helm v4 gave.

import { describe, expect, it } from 'vitest';
import { goMap } from '../../server/src/service/gotemplate/index';
import { marshalToml } from '../../server/src/service/helmfuncs/index';

describe('toToml', () => {
  it('writes plain keys, then tables and arrays of tables, indented', () => {
    const v = goMap({ a: 1.5, b: 'x', c: [1n, 2n, 'z'], d: goMap({ e: 1n, f: goMap({ g: true }) }), h: [goMap({ i: 1n }), goMap({ i: 2n })], j: 8080, k: 'multi\nline', 'key with space': 1n, l: [], m: goMap({}) });
    expect(marshalToml(v)).toBe('a = 1.5\nb = "x"\nc = [1, 2, "z"]\nj = 8080.0\nk = "multi\\nline"\n"key with space" = 1\nl = []\n\n[d]\n  e = 1\n  [d.f]\n    g = true\n\n[[h]]\n  i = 1\n\n[[h]]\n  i = 2\n\n[m]\n');
  });

  it('writes inline tables in mixed lists, floats with a point, and controls escaped', () => {
    const v = goMap({ a: [[1n, 2n], ['x']], b: [goMap({ c: 1n }), 2n], t: 'tab\t"q" é \u0001', u: -0, v: 1e-7, w: 1e20 });
    expect(marshalToml(v)).toBe('a = [[1, 2], ["x"]]\nb = [{c = 1}, 2]\nt = "tab\\t\\"q\\" é \\u0001"\nu = -0.0\nv = 1e-07\nw = 1e+20\n');
  });

  it('returns the error text for a nil in a list, and writes a lone value', () => {
    expect(marshalToml(goMap({ a: null, b: [null] }))).toBe('toml: cannot encode array with nil element');
    expect(marshalToml([1n])).toBe('[1]');
  });
});
