// Charts for the values tests, each with what helm v4.1.4 gives for it: the root chart's
// coalesced .Values (as toJson prints it, keys sorted) and the subcharts that stay enabled.
// The expectations were taken from `helm install t <chart> --dry-run=client -f … --set …` with
// templates/NOTES.txt printing `{{ toJson .Values }}` and `{{ keys .Subcharts | sortAlpha }}`.

export interface ValuesCase {
  name: string;
  /** Chart files, chart-relative; Chart.yaml gets `apiVersion: v2` and a version if it has only a name. */
  files: Record<string, string>;
  valuesFiles?: string[];
  set?: string[];
  setString?: string[];
  /** helm's `toJson .Values` of the root chart. */
  values: unknown;
  /** helm's enabled subcharts. */
  subcharts: string[];
}

const chart = (name: string, extra = '') => `apiVersion: v2\nname: ${name}\nversion: 1.0.0\n${extra}`;

export const VALUES_CASES: ValuesCase[] = [
  {
    name: 'defaults, -f files in order, null deletes a key; YAML 1.1 (n is false)',
    files: { 'Chart.yaml': chart('app'), 'values.yaml': 'a: 1\nb: {c: x, d: y}\nlist: [1, 2]\nkeep: k\n' },
    valuesFiles: ['b: {c: z}\nlist: [3]\n', 'b: {d: null}\nkeep: null\nnew: n\n'],
    values: { a: 1, b: { c: 'z' }, list: [3], new: false },
    subcharts: [],
  },
  {
    name: "a subchart's block, its defaults and global copied down",
    files: {
      'Chart.yaml': chart('app', 'dependencies:\n  - name: sub\n    version: 1.x.x\n'),
      'values.yaml': 'global: {region: eu, nested: {a: 1}}\nsub: {port: 80}\n',
      'charts/sub/Chart.yaml': chart('sub'),
      'charts/sub/values.yaml': 'port: 8080\nname: sub\nglobal: {region: us, own: o, nested: {b: 2}}\ndropped: null\n',
    },
    values: { global: { nested: { a: 1 }, region: 'eu' }, sub: { global: { nested: { a: 1, b: 2 }, own: 'o', region: 'eu' }, name: 'sub', port: 80 } },
    subcharts: ['sub'],
  },
  {
    name: 'conditions: the first path that resolves wins; a disabled subchart and its defaults are dropped; YAML 1.1 keys (y is true)',
    files: {
      'Chart.yaml': chart('app', 'dependencies:\n  - name: one\n    version: 1.0.0\n    condition: missing.enabled,one.enabled\n  - name: two\n    version: 1.0.0\n    condition: two.enabled,other.enabled\n'),
      'values.yaml': 'one: {enabled: false}\nother: {enabled: true}\n',
      'charts/one/Chart.yaml': chart('one'),
      'charts/one/values.yaml': 'x: 1\n',
      'charts/two/Chart.yaml': chart('two'),
      'charts/two/values.yaml': 'y: 2\n',
    },
    values: { one: { enabled: false }, other: { enabled: true }, two: { global: {}, true: 2 } },
    subcharts: ['two'],
  },
  {
    name: 'tags disable, a condition decides after them',
    files: {
      'Chart.yaml': chart('app', 'dependencies:\n  - name: one\n    version: 1.0.0\n    tags: [front]\n  - name: two\n    version: 1.0.0\n    tags: [front]\n    condition: two.enabled\n'),
      'values.yaml': 'tags: {front: false}\ntwo: {enabled: true}\n',
      'charts/one/Chart.yaml': chart('one'),
      'charts/two/Chart.yaml': chart('two'),
    },
    values: { tags: { front: false }, two: { enabled: true, global: {} } },
    subcharts: ['two'],
  },
  {
    name: "a subchart's own dependency under a tag: the root's tags win over the subchart's, which fill what the root leaves out",
    files: {
      'Chart.yaml': chart('app', 'dependencies:\n  - name: mid\n    version: 1.0.0\n    condition: mid.enabled\n  - name: mid2\n    version: 1.0.0\n  - name: mid3\n    version: 1.0.0\n'),
      'values.yaml': 'tags: {libtag: false}\nmid: {enabled: true}\n',
      'charts/mid/Chart.yaml': chart('mid', 'dependencies:\n  - name: lib\n    version: 1.0.0\n    tags: [libtag]\n'),
      'charts/mid/values.yaml': 'tags: {libtag: true}\nm: 1\n',
      'charts/mid/charts/lib/Chart.yaml': chart('lib'),
      'charts/mid/charts/lib/values.yaml': 'fromLib: 1\n',
      'charts/mid2/Chart.yaml': chart('mid2', 'dependencies:\n  - name: lib\n    version: 1.0.0\n    tags: [other]\n'),
      'charts/mid2/values.yaml': 'tags: {other: false}\n',
      'charts/mid2/charts/lib/Chart.yaml': chart('lib'),
      'charts/mid2/charts/lib/values.yaml': 'fromLib: 2\n',
      'charts/mid3/Chart.yaml': chart('mid3', 'dependencies:\n  - name: lib\n    version: 1.0.0\n    tags: [libtag, third]\n'),
      'charts/mid3/values.yaml': 'tags: {third: true}\n',
      'charts/mid3/charts/lib/Chart.yaml': chart('lib'),
      'charts/mid3/charts/lib/values.yaml': 'fromLib: 3\n',
    },
    values: {
      mid: { enabled: true, global: {}, m: 1, tags: { libtag: true } },
      mid2: { global: {}, tags: { other: false } },
      mid3: { global: {}, lib: { fromLib: 3, global: {} }, tags: { third: true } },
      tags: { libtag: false },
    },
    subcharts: ['mid', 'mid2', 'mid3'],
  },
  {
    name: "a null --set in global, under a subchart with a dependency of its own: the subchart's defaults are read again, as they were written",
    files: {
      'Chart.yaml': chart('app', 'dependencies:\n  - name: sub\n    version: 1.0.0\n'),
      'values.yaml': 'global: {x: 1, z: 2}\n',
      'charts/sub/Chart.yaml': chart('sub', 'dependencies:\n  - name: lib\n    version: 1.0.0\n'),
      'charts/sub/values.yaml': 'global: {own: o}\nport: 80\n',
      'charts/sub/charts/lib/Chart.yaml': chart('lib'),
      'charts/sub/charts/lib/values.yaml': 'l: 1\n',
    },
    set: ['global.x=null'],
    values: { global: { z: 2 }, sub: { global: { own: 'o', x: 1, z: 2 }, lib: { global: { own: 'o', x: 1, z: 2 }, l: 1 }, port: 80 } },
    subcharts: ['sub'],
  },
  {
    name: 'aliases: one chart twice under two names, each with its block',
    files: {
      'Chart.yaml': chart('app', 'dependencies:\n  - name: cache\n    version: ~1.0.0\n    alias: hot\n  - name: cache\n    version: ^1.0.0\n    alias: cold\n'),
      'values.yaml': 'hot: {size: 1}\ncold: {size: 100}\n',
      'charts/cache/Chart.yaml': chart('cache'),
      'charts/cache/values.yaml': 'size: 10\nttl: 60\n',
    },
    values: { cold: { global: {}, size: 100, ttl: 60 }, hot: { global: {}, size: 1, ttl: 60 } },
    subcharts: ['cold', 'hot'],
  },
  {
    name: 'import-values: exports by name, and child/parent pairs; the parent’s own values win',
    files: {
      'Chart.yaml': chart('app', 'dependencies:\n  - name: lib\n    version: 1.0.0\n    import-values:\n      - data\n      - child: settings\n        parent: imported\n'),
      'values.yaml': 'mine: 1\nfromLib: parent-wins\n',
      'charts/lib/Chart.yaml': chart('lib'),
      'charts/lib/values.yaml': 'exports: {data: {fromLib: lib, other: o}}\nsettings: {a: 1, b: 2}\n',
    },
    values: { fromLib: 'parent-wins', imported: { a: 1, b: 2 }, lib: { exports: { data: { fromLib: 'lib', other: 'o' } }, global: {}, settings: { a: 1, b: 2 } }, mine: 1, other: 'o' },
    subcharts: ['lib'],
  },
  {
    name: '--set and --set-string over -f, into subcharts and lists (a --set list index replaces the list); a null from --set stays',
    files: {
      'Chart.yaml': chart('app', 'dependencies:\n  - name: sub\n    version: 1.0.0\n'),
      'values.yaml': 'port: 80\nlist: [a, b]\n',
      'charts/sub/Chart.yaml': chart('sub'),
      'charts/sub/values.yaml': 'enabled: false\n',
    },
    valuesFiles: ['port: 81\n'],
    set: ['port=8080,sub.enabled=true,list[1]=z,names={x,y}', 'a\\.b=dotted,n=null'],
    setString: ['version=1.10,flag=true'],
    values: { 'a.b': 'dotted', flag: 'true', list: [null, 'z'], n: null, names: ['x', 'y'], port: 8080, sub: { enabled: true, global: {} }, version: '1.10' },
    subcharts: ['sub'],
  },
  {
    name: 'nulls: a parent null deletes a subchart default, a subchart’s own top-level nulls are dropped, nested ones and global ones stay',
    files: {
      'Chart.yaml': chart('app', 'dependencies:\n  - name: sub\n    version: 1.0.0\n'),
      'values.yaml': 'top: null\nglobal: {g: 1, t: {x: 1}}\nsub: {b: {c: null}, d: null}\n',
      'charts/sub/Chart.yaml': chart('sub'),
      'charts/sub/values.yaml': 'a: null\nb: {c: 1, e: null}\nd: 4\ng2: null\nglobal: {g: null, t: {y: null}}\n',
    },
    values: { global: { g: 1, t: { x: 1 } }, sub: { b: { e: null }, global: { g: 1, t: { true: null, x: 1 } } }, top: null },
    subcharts: ['sub'],
  },
];
