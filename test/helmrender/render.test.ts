// Whole charts rendered as helm template renders them: template names and scopes, the order in
// which `define`s override each other (the root chart's win, library charts only lend helpers),
// the built-in objects, "<no value>" removed, manifests split as Helm splits them (with their
// offsets), errors as values with their positions, a missing dependency, and the source map
// from a rendered byte to the values key. The first chart's manifests are helm v4.1.4's output
// for it (`helm template rel . --namespace ns`).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sourceAt } from '../../server/src/service/gotemplate/index';
import { loadChart, ParseLibrary, RenderCache, renderChart, splitManifests } from '../../server/src/service/helmrender/index';
import { tgz } from './support';

const CHART: Record<string, string> = {
  'Chart.yaml': `apiVersion: v2
name: app
version: 1.0.0
appVersion: "2.0"
dependencies:
  - name: sub
    version: 1.0.0
  - name: lib
    version: 1.0.0
`,
  'charts/lib/Chart.yaml': `apiVersion: v2
name: lib
version: 1.0.0
type: library
`,
  'charts/lib/templates/_lib.tpl': `{{ define "who" }}lib{{ end }}{{ define "libonly" }}from-lib{{ end }}`,
  'charts/lib/templates/cm.yaml': `kind: NotRendered
`,
  'charts/sub/Chart.yaml': `apiVersion: v2
name: sub
version: 1.0.0
`,
  'charts/sub/templates/_sub.tpl': `{{ define "who" }}sub{{ end }}`,
  'charts/sub/templates/svc.yaml': `kind: Service
name: {{ .Template.Name }}
base: {{ .Template.BasePath }}
chart: {{ .Chart.Name }}-{{ .Chart.IsRoot }}
port: {{ .Values.port }}
who: {{ template "who" }}
---
---
# only a comment
`,
  'charts/sub/values.yaml': `port: 8080
`,
  'templates/_app.tpl': `{{ define "who" }}app{{ end }}`,
  'templates/a.yaml': `
---
kind: A
release: {{ .Release.Name }}/{{ .Release.Namespace }}/{{ .Release.Revision }}/{{ .Release.IsInstall }}/{{ .Release.Service }}
missing: "{{ .Values.nope }}"
who: {{ template "who" }} {{ template "libonly" }}
kube: {{ .Capabilities.KubeVersion.Version }} {{ .Capabilities.KubeVersion.Major }} {{ .Capabilities.APIVersions.Has "apps/v1" }}
subs: {{ .Subcharts.sub.Values.port }} {{ .Chart.AppVersion }} {{ len .Chart.Dependencies }}
--- 
kind: B
`,
  'values.yaml': `port: 80
sub: {port: 81}
`,
};

/** helm's documents, by template, in its order within each template. */
const HELM: [string, string][] = [
  ['app/charts/sub/templates/svc.yaml', 'kind: Service\nname: app/charts/sub/templates/svc.yaml\nbase: app/charts/sub/templates\nchart: sub-false\nport: 81\nwho: app'],
  ['app/charts/sub/templates/svc.yaml', '---\n# only a comment'],
  ['app/templates/a.yaml', 'kind: A\nrelease: rel/ns/1/true/Helm\nmissing: ""\nwho: app from-lib\nkube: v1.35.0 1 true\nsubs: 81 2.0 2'],
  ['app/templates/a.yaml', 'kind: B'],
];

const render = (files: Record<string, string>, set?: string[]) => renderChart(loadChart(new Map(Object.entries(files)), { uri: (p) => `/c/${p}` }), { release: { name: 'rel', namespace: 'ns' }, ...(set ? { values: { set } } : {}) });

describe('rendering a chart', () => {
  it('renders as helm template does', () => {
    const r = render(CHART);
    expect(r.problems).toEqual([]);
    expect(r.templates.filter((t) => t.error)).toEqual([]);
    expect(r.manifests.map((m) => [m.template, m.text])).toEqual(HELM);
    // The library chart's non-helper template is never rendered; helpers are not rendered on their own.
    expect(r.templates.map((t) => t.name).sort()).toEqual(['app/charts/sub/templates/svc.yaml', 'app/templates/a.yaml']);
  });

  it("keeps each manifest's offsets in its template's output", () => {
    const r = render(CHART);
    for (const m of r.manifests) {
      const t = r.templates.find((x) => x.name === m.template)!;
      expect(t.output.slice(m.start, m.end)).toBe(m.text);
    }
  });

  it('maps a rendered value back to the values key that set it', () => {
    const r = render(CHART);
    const svc = r.manifests.find((m) => m.text.startsWith('kind: Service'))!;
    const t = r.templates.find((x) => x.name === svc.template)!;
    const at = t.output.indexOf('port: 81') + 'port: '.length;
    const source = sourceAt(t, at)!;
    expect(source.segment.kind).toBe('action');
    expect(source.segment.origin?.uri).toBe('/c/values.yaml');
    expect(source.segment.origin?.path).toBe('sub.port');
  });

  it('reports a missing dependency and renders the rest', () => {
    const chartYaml = 'apiVersion: v2\nname: app\nversion: 1.0.0\ndependencies:\n  - name: gone\n    version: 1.0.0\n';
    const r = render({ 'Chart.yaml': chartYaml, 'templates/a.yaml': 'kind: A\n' });
    const span = { start: chartYaml.indexOf('name: gone'), end: chartYaml.length };
    expect(r.problems).toEqual([{ kind: 'missing-dependency', dependency: 'gone', message: 'found in Chart.yaml, but missing in charts/ directory: gone', uri: '/c/Chart.yaml', span }]);
    expect(r.manifests.map((m) => m.text)).toEqual(['kind: A']);
  });

  it('returns errors with their template and position, and renders the other templates', () => {
    const r = render({
      'Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\n',
      'templates/bad.yaml': 'a: 1\n{{ if }}\n',
      'templates/req.yaml': 'a: 1\nb: {{ required "set b" .Values.b }}\n',
      'templates/ok.yaml': 'kind: Ok\n',
    });
    const bad = r.templates.find((t) => t.name === 'app/templates/bad.yaml')!.error!;
    expect(bad).toMatchObject({ kind: 'parse', uri: '/c/templates/bad.yaml', line: 2 });
    expect(bad.message).toBe('template: app/templates/bad.yaml:2: missing value for if');
    const req = r.templates.find((t) => t.name === 'app/templates/req.yaml')!.error!;
    expect(req).toMatchObject({ kind: 'exec', uri: '/c/templates/req.yaml', line: 2 });
    expect(req.message).toMatch(/error calling required: set b$/);
    expect(r.manifests.map((m) => m.text)).toEqual(['kind: Ok']);
  });

  it('names the innermost failure of an error inside an included helper', () => {
    const helpers = '{{ define "port" }}\n{{ required "port is required" .Values.port }}\n{{ end }}';
    const r = render({ 'Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\n', 'templates/_helpers.tpl': helpers, 'templates/svc.yaml': 'port: {{ include "port" . }}\n' });
    const error = r.templates[0]!.error!;
    expect(error).toMatchObject({ template: 'app/templates/svc.yaml', uri: '/c/templates/svc.yaml', line: 1 });
    expect(error.innermost).toMatchObject({ template: 'app/templates/_helpers.tpl', uri: '/c/templates/_helpers.tpl', line: 2, message: 'error calling required: port is required' });
    expect(helpers.slice(error.innermost!.span.start, error.innermost!.span.end)).toBe('required "port is required" .Values.port');
  });

  it('a --set value decides a condition and reaches the template', () => {
    const files = { ...CHART, 'Chart.yaml': CHART['Chart.yaml']!.replace('  - name: sub\n    version: 1.0.0\n', '  - name: sub\n    version: 1.0.0\n    condition: sub.enabled\n') };
    // Without the subchart, .Subcharts.sub is gone and a.yaml fails as in helm.
    const disabled = render(files, ['sub.enabled=false']);
    expect(disabled.templates.map((t) => t.name)).toEqual(['app/templates/a.yaml']);
    expect(disabled.templates[0]!.error?.message).toBe('template: app/templates/a.yaml:8:19: executing "app/templates/a.yaml" at <.Subcharts.sub.Values.port>: nil pointer evaluating interface {}.Values');
    expect(render(files, ['sub.port=9']).manifests[0]!.text).toContain('port: 9\n');
  });
});

describe('splitting manifests', () => {
  it('cuts at --- after a newline, trims, drops empty documents', () => {
    expect(splitManifests('\n---\na: 1\n---   \n\n---\nb: 2\n--- # c\nc: 3\nx: a---b\n').map((d) => d.text)).toEqual(['a: 1', '---\nb: 2', '# c\nc: 3\nx: a---b']);
    expect(splitManifests('  \n ')).toEqual([]);
  });

  it('cuts where Helm\'s expression (?:^|\\s*\\n)---\\s* matches, on any text', () => {
    // Helm's releaseutil.SplitManifests, with Go's \s spelled out.
    const helmSplit = (output: string) =>
      output
        .trim()
        .split(/(?:^|[\t\n\f\r ]*\n)---[\t\n\f\r ]*/)
        .map((piece) => piece.trim())
        .filter((piece) => piece !== '');
    fc.assert(
      fc.property(fc.array(fc.constantFrom('-', '---', '\n', ' ', '\t', 'a', '\r\n'), { maxLength: 40 }), (parts) => {
        const output = parts.join('');
        expect(splitManifests(output).map((d) => d.text)).toEqual(helmSplit(output));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('robustness', () => {
  it('a function that throws a JS error fails its template only', () => {
    const chart = loadChart(new Map([['Chart.yaml', 'apiVersion: v2\nname: app\nversion: 1.0.0\n'], ['templates/a.yaml', 'a: {{ boom }}\n'], ['templates/b.yaml', 'kind: B\n']]));
    const boom = { params: [], call: () => { throw new TypeError('defect'); } };
    const r = renderChart(chart, { release: { name: 'rel', namespace: 'ns' }, library: { functions: () => new Map([['boom', boom]]), toYaml: () => '' } });
    expect(r.templates.find((t) => t.name === 'app/templates/a.yaml')!.error?.message).toMatch(/internal error: defect/);
    expect(r.manifests.map((m) => m.text)).toEqual(['kind: B']);
  });
});

describe('rendering again with a cache', () => {
  it('gives the same render, origins included, and follows an edit', () => {
    const cache = new RenderCache();
    const files = { ...CHART, 'charts/lib2-1.0.0.tgz': tgz('lib2', { 'Chart.yaml': 'apiVersion: v2\nname: lib2\nversion: 1.0.0\ntype: library\n', 'templates/_x.tpl': '{{ define "x" }}x{{ end }}' }) };
    const run = (f: Record<string, string | Uint8Array>) => renderChart(loadChart(new Map(Object.entries(f)), { uri: (p) => `/c/${p}`, cache }), { release: { name: 'rel', namespace: 'ns' }, cache });
    const first = run(files);
    const second = run(files);
    expect(second.manifests).toEqual(first.manifests);
    const portOrigin = (r: ReturnType<typeof run>) => r.origins.get(r.values.get('sub')!, 'port');
    expect(portOrigin(second)).toEqual(portOrigin(first));
    expect(portOrigin(second)?.path).toBe('sub.port');
    const edited = run({ ...files, 'values.yaml': 'port: 80\nsub: {port: 99}\n' });
    expect(edited.manifests[0]!.text).toContain('port: 99');
  });
});

describe('what the caches of one thread lend each other', () => {
  const HELPER = '{{ define "lib.name" }}{{ .Release.Name }}{{ end }}';

  it('template parses, under each file\'s own name', () => {
    const library = new ParseLibrary();
    const one = new RenderCache(library).parse('one/charts/lib/templates/_h.tpl', 'one/charts/lib/templates/_h.tpl', HELPER, {});
    const two = new RenderCache(library).parse('two/charts/lib/templates/_h.tpl', 'two/charts/lib/templates/_h.tpl', HELPER, {});
    expect(two.trees.map((t) => [t.name, t.parseName])).toEqual([
      ['two/charts/lib/templates/_h.tpl', 'two/charts/lib/templates/_h.tpl'],
      ['lib.name', 'two/charts/lib/templates/_h.tpl'],
    ]);
    expect(two.trees[1]!.root).toBe(one.trees[1]!.root);
  });

  it('an archive packaged into several charts, unpacked and decoded once', () => {
    const library = new ParseLibrary();
    const lib = tgz('lib', { 'Chart.yaml': 'apiVersion: v2\nname: lib\nversion: 1.0.0\ntype: library\n', 'templates/_h.tpl': HELPER });
    const load = (name: string) =>
      loadChart(new Map<string, string | Uint8Array>([['Chart.yaml', `apiVersion: v2\nname: ${name}\nversion: 1.0.0\n`], ['charts/lib-1.0.0.tgz', lib]]), { uri: (p) => `${name}/${p}`, cache: new RenderCache(library) });
    const [one, two] = [load('one'), load('two')];
    const helper = (chart: typeof one) => chart.subcharts[0]!.templates[0]!;
    expect(helper(two).uri).toBe('two/charts/lib-1.0.0.tgz!/templates/_h.tpl');
    expect(helper(two).data).toBe(helper(one).data);
    expect(helper(two).text).toBe(HELPER);
  });

  it('what was last lent, within the bound, and never one text that would crowd out the rest', () => {
    const library = new ParseLibrary(1000);
    // 106 characters each: nine of them fit.
    const text = (n: number) => `{{ define "t${n}" }}${'x'.repeat(80)}{{ end }}`;
    const parsed = (n: number) => new RenderCache(library).parse(`c/templates/_${n}.tpl`, `c/templates/_${n}.tpl`, text(n), {}).trees[1]!.root;
    const first = Array.from({ length: 9 }, (_, n) => parsed(n));
    expect(parsed(0)).toBe(first[0]); // lent, and now the most recently used
    parsed(9); // over the bound: the least recently used goes
    expect(parsed(1)).not.toBe(first[1]);
    expect(parsed(0)).toBe(first[0]);
    const large = `{{ define "big" }}${'x'.repeat(200)}{{ end }}`; // over an eighth of the bound
    const big = () => new RenderCache(library).parse('c/templates/_big.tpl', 'c/templates/_big.tpl', large, {}).trees[1]!.root;
    expect(big()).not.toBe(big());
  });
});
