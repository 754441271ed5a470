// A render under other values (a ci/ file, an edited values.yaml) takes over the templates of an
// earlier render that read the same values, and executes the others. Whatever it takes over, the
// result is the render made from scratch: the same output, and the same source map down to the
// values' origins (which move when values.yaml is edited above them).

import { describe, expect, it } from 'vitest';
import { HELM_LIBRARY, loadChart, RenderCache, renderChart, type ChartRender } from '../../server/src/service/helmrender/index';

const CHART_YAML = 'apiVersion: v2\nname: app\nversion: 1.0.0\n';
const RELEASE = { name: 'rel', namespace: 'ns' };

type Files = Record<string, string>;

/** Renders `files`, then `edited` (the same chart after an edit) with the first render as the earlier one. */
function renderAgain(files: Files, edited: Files = files, values: { first?: string; then?: string } = {}) {
  const cache = new RenderCache();
  const load = (f: Files) => loadChart(new Map(Object.entries(f)), { uri: (p) => `/c/${p}`, cache });
  const userValues = (text: string | undefined) => (text === undefined ? {} : { values: { files: [{ uri: '/c/ci/values.yaml', text }] } });
  const first = renderChart(load(files), { release: RELEASE, cache, logReads: true, library: HELM_LIBRARY, ...userValues(values.first) });
  const again = renderChart(load(edited), { release: RELEASE, cache, previous: first, library: HELM_LIBRARY, ...userValues(values.then) });
  const fresh = renderChart(load(edited), { release: RELEASE, library: HELM_LIBRARY, ...userValues(values.then) });
  return { first, again, fresh };
}

/** What a render is, for comparing: each template's output, error, and every segment with its origin's place. */
function shape(render: ChartRender) {
  return render.templates.map((t) => ({
    name: t.name,
    output: t.output,
    error: t.error?.message,
    segments: t.segments.map((s) => ({ start: s.start, end: s.end, kind: s.kind, span: s.span, origin: s.origin && { uri: s.origin.uri, span: s.origin.span, path: s.origin.path, value: s.origin.value } })),
  }));
}

/** Which templates were executed again (by file name) rather than taken over. */
function executedAgain(first: ChartRender, again: ChartRender): string[] {
  const before = new Map(first.templates.map((t) => [t.name, t]));
  return again.templates
    .filter((t) => before.get(t.name) !== t && !t.notes)
    .map((t) => t.name.replace(/^app\/templates\//, ''))
    .sort();
}

function expectSameAsFresh({ again, fresh }: { again: ChartRender; fresh: ChartRender }) {
  expect(shape(again)).toEqual(shape(fresh));
  expect(again.manifests.map((m) => m.text)).toEqual(fresh.manifests.map((m) => m.text));
}

const TWO_SERVICES: Files = {
  'Chart.yaml': CHART_YAML,
  'values.yaml': 'a:\n  port: 80\n  name: web\nb:\n  port: 90\n',
  'templates/a.yaml': 'kind: Service\nport: {{ .Values.a.port }}\n',
  'templates/b.yaml': 'kind: Service\nport: {{ .Values.b.port }}\n',
};

/** TWO_SERVICES with a subchart that reads its block and the globals. */
const WITH_SUBCHART: Files = {
  ...TWO_SERVICES,
  'values.yaml': 'a: {port: 80}\nb: {port: 90}\nglobal: {domain: a.example}\nsub: {port: 70}\n',
  'charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 1.0.0\n',
  'charts/sub/values.yaml': 'port: 60\n',
  'charts/sub/templates/svc.yaml': 'host: {{ .Values.global.domain }}\nport: {{ .Values.port }}\n',
};

describe('a render reuses the templates whose values did not change', () => {
  it('executes only the template that reads the changed value', () => {
    const r = renderAgain(TWO_SERVICES, TWO_SERVICES, { then: 'b:\n  port: 91\n' });
    expect(executedAgain(r.first, r.again)).toEqual(['b.yaml']);
    expect(r.again.reused).toBe(1);
    expectSameAsFresh(r);
  });

  it('executes a template again when a value it reads appears or goes', () => {
    const files = { ...TWO_SERVICES, 'templates/c.yaml': '{{ if .Values.c }}kind: C{{ end }}\n' };
    const appears = renderAgain(files, files, { then: 'c: {x: 1}\n' });
    expect(executedAgain(appears.first, appears.again)).toEqual(['c.yaml']);
    expectSameAsFresh(appears);
    const goes = renderAgain(files, files, { first: 'c: {x: 1}\n' });
    expect(executedAgain(goes.first, goes.again)).toEqual(['c.yaml']);
    expectSameAsFresh(goes);
  });

  it('follows a map printed whole to any value inside it', () => {
    const files = { ...TWO_SERVICES, 'values.yaml': 'a:\n  port: 80\n  labels:\n    deep: {x: 1}\n', 'templates/a.yaml': 'labels:\n{{ toYaml .Values.a.labels | indent 2 }}\n' };
    const deep = renderAgain(files, files, { then: 'a: {labels: {deep: {x: 2}}}\n' });
    expect(executedAgain(deep.first, deep.again)).toEqual(['a.yaml']);
    expectSameAsFresh(deep);
    const beside = renderAgain(files, files, { then: 'a: {port: 81}\n' });
    expect(executedAgain(beside.first, beside.again)).toEqual([]);
    expectSameAsFresh(beside);
  });

  it('follows a values map packed into a dict for a helper, key by key', () => {
    const files: Files = {
      ...TWO_SERVICES,
      'templates/_helpers.tpl': '{{ define "port" }}{{ .v.port }}{{ end }}',
      'templates/a.yaml': 'port: {{ include "port" (dict "v" .Values.a "ctx" $) }}\n',
    };
    const port = renderAgain(files, files, { then: 'a: {port: 81}\n' });
    expect(executedAgain(port.first, port.again)).toEqual(['a.yaml']);
    expectSameAsFresh(port);
    const other = renderAgain(files, files, { then: 'a: {name: other}\n' });
    expect(executedAgain(other.first, other.again)).toEqual([]);
  });

  it('reads index and hasKey key by key', () => {
    const files: Files = { ...TWO_SERVICES, 'templates/a.yaml': 'port: {{ index .Values "a" "port" }}{{ if hasKey .Values.b "tls" }} tls{{ end }}\n' };
    const unrelated = renderAgain(files, files, { then: 'a: {name: other}\n' });
    expect(executedAgain(unrelated.first, unrelated.again)).toEqual([]);
    const indexed = renderAgain(files, files, { then: 'a: {port: 81}\n' });
    expect(executedAgain(indexed.first, indexed.again)).toEqual(['a.yaml']);
    // b.yaml reads b.port alone, which did not change.
    const key = renderAgain(files, files, { then: 'b: {tls: true}\n' });
    expect(executedAgain(key.first, key.again)).toEqual(['a.yaml']);
    expectSameAsFresh(key);
  });

  it('executes again a template that uses `.` whole, since it reads everything', () => {
    const files: Files = { ...TWO_SERVICES, 'templates/all.yaml': 'n: {{ len (toJson $) }}\n' };
    const r = renderAgain(files, files, { then: 'b: {port: 91}\n' });
    expect(executedAgain(r.first, r.again)).toEqual(['all.yaml', 'b.yaml']);
    expectSameAsFresh(r);
  });

  it('reuses nothing after a template changed the values in place, since later templates saw the change', () => {
    const files: Files = { ...TWO_SERVICES, 'templates/0-set.yaml': '{{ $_ := set .Values.a "port" 81 }}\n' };
    const r = renderAgain(files, files, { then: 'b: {port: 91}\n' });
    expect(r.first.reuse?.mutated).toBe(true);
    expect(r.again.reused).toBe(0);
    expectSameAsFresh(r);
  });

  it('after an edit makes a template change the values it shared with the render before, renders from scratch and retires that render', () => {
    const edited = { ...TWO_SERVICES, 'templates/b.yaml': '{{ $_ := set .Values.a "port" 81 }}kind: Service\nport: {{ .Values.b.port }}\n' };
    const r = renderAgain(TWO_SERVICES, edited);
    expectSameAsFresh(r);
    expect(r.first.reuse?.mutated).toBe(true);
  });

  it('follows a subchart reading its block and the globals', () => {
    const files = WITH_SUBCHART;
    for (const then of ['sub: {port: 71}\n', 'global: {domain: b.example}\n']) {
      const r = renderAgain(files, files, { then });
      expect(executedAgain(r.first, r.again)).toContain('app/charts/sub/templates/svc.yaml');
      expectSameAsFresh(r);
    }
    const unrelated = renderAgain(files, files, { then: 'a: {port: 1}\n' });
    expect(executedAgain(unrelated.first, unrelated.again)).toEqual(['a.yaml']);
  });

  it("takes over a subchart's copy of its block while the values are the same, and not once a template changed it", () => {
    const files = WITH_SUBCHART;
    const parentEdited = renderAgain(files, { ...files, 'templates/a.yaml': 'kind: Service\nport: {{ .Values.a.port }}0\n' });
    expect(parentEdited.again.reuse!.scopes.get('app/charts/sub')).toBe(parentEdited.first.reuse!.scopes.get('app/charts/sub'));
    expectSameAsFresh(parentEdited);
    // The parent's edited template changes the subchart's copy it shares with the render before.
    const mutating = renderAgain(files, { ...files, 'templates/a.yaml': '{{ $_ := set .Subcharts.sub.Values "port" 61 }}kind: Service\nport: {{ .Values.a.port }}\n' });
    expectSameAsFresh(mutating);
    expect(mutating.first.reuse?.mutated).toBe(true);
  });

  it('moves the origins of the values a template printed when values.yaml is edited above them', () => {
    const edited = { ...TWO_SERVICES, 'values.yaml': `# a comment that moves every key\n${TWO_SERVICES['values.yaml']}` };
    const r = renderAgain(TWO_SERVICES, edited);
    expect(r.again.reused).toBe(2);
    expectSameAsFresh(r);
    const origin = r.again.templates.find((t) => t.name.endsWith('a.yaml'))!.segments.find((s) => s.origin)!.origin!;
    expect(edited['values.yaml'].slice(origin.value!.start, origin.value!.end)).toBe('80');
  });

  it('executes a template whose text changed, and everything when a helper changed', () => {
    const files: Files = { ...TWO_SERVICES, 'templates/_helpers.tpl': '{{ define "x" }}x{{ end }}' };
    const own = renderAgain(files, { ...files, 'templates/a.yaml': 'kind: Service\nport: {{ .Values.a.port }}0\n' });
    expect(executedAgain(own.first, own.again)).toEqual(['a.yaml']);
    expectSameAsFresh(own);
    const helper = renderAgain(files, { ...files, 'templates/_helpers.tpl': '{{ define "x" }}y{{ end }}' });
    expect(helper.again.reused).toBe(0);
  });
});

describe('values.yaml read entry by entry', () => {
  /** A render with a cache, which reads values.yaml entry by entry; without one, the file is read whole. */
  const read = (cache: RenderCache | undefined, text: string) => {
    const chart = loadChart(new Map([['Chart.yaml', CHART_YAML], ['values.yaml', text], ['templates/a.yaml', '{{ toYaml .Values }}']]), { uri: (p) => `/c/${p}`, ...(cache ? { cache } : {}) });
    return renderChart(chart, { release: RELEASE, library: HELM_LIBRARY, ...(cache ? { cache } : {}) });
  };
  const origins = (render: ChartRender) => {
    const out: unknown[] = [];
    const walk = (v: unknown) => {
      if (v instanceof Map) for (const [k, x] of v) (out.push([k, render.origins.get(v, k)]), walk(x));
      else if (Array.isArray(v)) v.forEach((x, i) => (out.push([i, render.origins.get(v, i)]), walk(x)));
    };
    walk(render.values);
    return out;
  };

  it.each([
    ['entries, comments and block scalars', '# top\na: 1\n# about b\nb:\n  c: |\n    text\n\n    more\n  d: [1, 2]\ne: "x"\n', 'a: 1\nb:\n  c: |\n    other\n'],
    ['a key given twice: the last wins', 'a: 1\nb: 2\na: 3\n', 'a: 1\nb: 2\na: 4\n'],
    ['an alias to an anchor in another entry', 'a: &x {p: 1}\nb: *x\n', 'a: &x {p: 2}\nb: *x\n'],
    ['an alias deep in another entry (alertmanager)', 'name: &n http\nprobe:\n  httpGet:\n    port: *n\n', 'name: &n web\nprobe:\n  httpGet:\n    port: *n\n'],
    ['an alias to no anchor', 'a: 1\nb: *nowhere\n', 'a: 2\nb: *nowhere\n'],
    ['a merge key', 'base: &b {p: 1}\nc:\n  <<: *b\n  q: 2\n', 'base: &b {p: 3}\nc:\n  <<: *b\n'],
    ['a list at the top', '- a\n- b\n', '- c\n'],
    ['a broken entry', 'a: 1\nb: [1, 2\nc: 3\n', 'a: 1\nb: [1, 2]\nc: 3\n'],
  ])('%s: the same values and origins as a whole read, before and after an edit', (_, text, edit) => {
    const cache = new RenderCache();
    for (const t of [text, edit, `# moved\n${text}`, text]) {
      const kept = read(cache, t);
      const whole = read(undefined, t);
      expect(kept.templates[0]!.output).toBe(whole.templates[0]!.output);
      expect(kept.problems).toEqual(whole.problems);
      expect(origins(kept)).toEqual(origins(whole));
    }
  });
});

describe('fromYaml read once per text for a cache', () => {
  it('hands each call its own copy, so that a template changing it changes nothing else', () => {
    const cache = new RenderCache();
    const files = {
      'Chart.yaml': CHART_YAML,
      'files/crd.yaml': 'metadata:\n  name: a\n',
      'templates/a.yaml': `{{- $x := .Files.Get "files/crd.yaml" | fromYaml }}{{ $_ := set $x.metadata "name" "changed" }}a: {{ $x.metadata.name }}\n`,
      'templates/b.yaml': 'b: {{ (.Files.Get "files/crd.yaml" | fromYaml).metadata.name }}\n',
    };
    for (let i = 0; i < 2; i++) {
      const render = renderChart(loadChart(new Map(Object.entries(files)), { uri: (p) => `/c/${p}`, cache }), { release: RELEASE, cache, library: HELM_LIBRARY });
      expect(render.manifests.map((m) => m.text).sort()).toEqual(['a: changed', 'b: a']);
    }
  });
});
