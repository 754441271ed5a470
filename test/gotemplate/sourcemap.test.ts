// The source map: a finding at an output offset must lead back to the template text, the action,
// or the values key that produced it, through variables, range, index, functions that pass
// origins on, and templates rendered by include or {{template}}.

import { describe, expect, it } from 'vitest';
import { isTrue, removeAll, sourceAt, Traced, type FuncMap, type Rendered, type TemplateFunction } from '../../server/src/service/gotemplate/index';
import { render } from './support';

const VALUES = `service:
  port: 9100
  name: metrics
ports: [80, 443]
empty: ""
`;

const quote: TemplateFunction = { params: ['any'], variadic: true, call: (args) => args.map((a) => `"${String(a)}"`).join(' '), passOrigin: -1 };
const dflt: TemplateFunction = { params: ['any', 'any'], variadic: true, call: ([d, v]) => (isTrue(v ?? null) ? v! : d!), passOrigin: ([, v]) => (isTrue(v ?? null) ? 1 : 0) };
const include: TemplateFunction = {
  params: ['string', 'any'],
  call: ([name, data], ctx) => {
    const r = ctx.executeTemplate(name as string, data!);
    return new Traced(r.output, { segments: r.segments });
  },
};
const FUNCTIONS: FuncMap = new Map([
  ['quote', quote],
  ['default', dflt],
  ['include', include],
]);

function renderOk(template: string, others: Record<string, string> = {}) {
  const result = render({ template, values: VALUES, functions: FUNCTIONS, others });
  expect(result.error ?? result.parseError).toBeUndefined();
  return result;
}

/** What the output at the first occurrence of `needle` (after `after`) comes from, in words. */
function origin(rendered: Rendered, needle: string, after = 0): string {
  const at = rendered.output.indexOf(needle, after);
  expect(at, `${needle} in ${rendered.output}`).toBeGreaterThanOrEqual(0);
  const found = sourceAt(rendered, at)!;
  const s = found.segment;
  const via = s.callSite ? ` via ${s.callSite.template}@${s.callSite.span.start}` : '';
  if (s.kind === 'text') return `text ${s.template}@${found.sourceOffset}${via}`;
  if (s.origin) return `value ${s.origin.uri}:${VALUES.slice(s.origin.span.start, s.origin.span.end)} (${s.origin.path}) by ${s.template}@${s.span.start}${via}`;
  return `action ${s.template}@${s.span.start}${via}`;
}

/** Segments are sorted, contiguous and cover the output. */
function expectCovering(rendered: Rendered): void {
  let at = 0;
  for (const s of rendered.segments) {
    expect(s.start).toBe(at);
    expect(s.end).toBeGreaterThan(s.start);
    at = s.end;
  }
  expect(at).toBe(rendered.output.length);
}

describe('the source map', () => {
  it('maps copied text to its exact source offset, and printed values to their key', () => {
    const template = 'kind: Service\nport: {{ .Values.service.port }}\n';
    const r = renderOk(template);
    expect(r.output).toBe('kind: Service\nport: 9100\n');
    expectCovering(r);
    expect(origin(r, 'Service')).toBe(`text t@${template.indexOf('Service')}`);
    expect(origin(r, '9100')).toBe(`value values.yaml:9100 (service.port) by t@${template.indexOf('{{')}`);
    expect(origin(r, '\n', 20)).toBe(`text t@${template.lastIndexOf('\n')}`);
  });

  it('follows values through variables, with, range and index', () => {
    const template = '{{ $p := .Values.service.port }}a={{ $p }} {{ with .Values.service }}b={{ .name }}{{ end }} {{ range .Values.ports }}c={{ . }} {{ end }}d={{ index .Values.ports 1 }}';
    const r = renderOk(template);
    expect(r.output).toBe('a=9100 b=metrics c=80 c=443 d=443');
    expectCovering(r);
    expect(origin(r, '9100')).toMatch(/^value values.yaml:9100 \(service\.port\)/);
    expect(origin(r, 'metrics')).toMatch(/^value values.yaml:metrics \(service\.name\)/);
    expect(origin(r, '80')).toMatch(/^value values.yaml:80 \(ports\[0\]\)/);
    expect(origin(r, '443')).toMatch(/^value values.yaml:443 \(ports\[1\]\)/);
    expect(origin(r, '443', r.output.indexOf('d='))).toMatch(/^value values.yaml:443 \(ports\[1\]\)/);
  });

  it('keeps the origin through functions that pass it on, and not through others', () => {
    const r = renderOk('{{ .Values.service.port | quote }} {{ default 80 .Values.service.port }} {{ default 80 .Values.empty }} {{ printf "%d" 5 }}');
    expect(r.output).toBe('"9100" 9100 80 5');
    expect(origin(r, '"9100"')).toMatch(/^value values.yaml:9100 \(service\.port\)/);
    expect(origin(r, '9100', 7)).toMatch(/^value values.yaml:9100 \(service\.port\)/);
    expect(origin(r, '80')).toMatch(/^action t@/); // the default, written in the template
    expect(origin(r, '5')).toMatch(/^action t@/);
  });

  it('maps what {{template}} and include produce to the helper, through the calling action', () => {
    const helpers = '{{ define "labels" }}app: {{ .Values.service.name }}\ntier: web{{ end }}';
    const template = 'a: {{ template "labels" . }}\nb: {{ include "labels" . }}\n';
    const r = renderOk(template, { '_helpers.tpl': helpers });
    expect(r.output).toBe('a: app: metrics\ntier: web\nb: app: metrics\ntier: web\n');
    expectCovering(r);
    const call = template.indexOf('{{ template');
    const inc = template.indexOf('{{ include');
    expect(origin(r, 'tier')).toBe(`text labels@${helpers.indexOf('tier')} via t@${call}`);
    expect(origin(r, 'metrics')).toMatch(new RegExp(`^value values.yaml:metrics \\(service.name\\) by labels@\\d+ via t@${call}$`));
    expect(origin(r, 'tier', r.output.indexOf('b:'))).toBe(`text labels@${helpers.indexOf('tier')} via t@${inc}`);
    expect(origin(r, 'metrics', r.output.indexOf('b:'))).toMatch(new RegExp(`^value values.yaml:metrics \\(service.name\\) by labels@\\d+ via t@${inc}$`));
    expect(r.segments.find((s) => s.template === 'labels')?.file).toBe('_helpers.tpl');
  });

  it('stays right when "<no value>" is removed, as Helm does', () => {
    const template = 'x: {{ .Values.missing }}\ny: {{ .Values.service.port }}\n';
    const r = removeAll(renderOk(template), '<no value>');
    expect(r.output).toBe('x: \ny: 9100\n');
    expectCovering(r);
    expect(origin(r, 'y:')).toBe(`text t@${template.indexOf('y:')}`);
    expect(origin(r, '9100')).toMatch(/^value values.yaml:9100/);
  });
});
