// Templates rendered with values, action by action: what resolves, what branches the values
// switch off, and what stays unknown.

import { describe, expect, it } from 'vitest';
import { blankTemplateActions } from '../../server/src/service/parse/helm';
import { parseHelpers } from '../../server/src/service/helm/helpers';
import { mergeValues, parseSet, parseValues, type Value } from '../../server/src/service/helm/values';

const values = parseValues(
  'values.yaml',
  `service:
  port: 9100
  type: ClusterIP
  name: metrics
hostNetwork: true
extra: {}
ports: []
image:
  repository: example.com/agent
  tag: "1.2"
`,
);

const NO_HELPERS = new Map<string, string>();

function render(template: string, with_: Value = values, helpers = NO_HELPERS): string {
  return blankTemplateActions(template, { values: with_, helpers }).text;
}

describe('rendering with values', () => {
  it('writes a plain value where its action stood, keeping offsets', () => {
    const template = 'port: {{ .Values.service.port }}\n';
    const text = render(template);
    expect(text).toHaveLength(template.length);
    expect(text.trimEnd()).toMatch(/^port: +9100$/);
  });

  it('evaluates the pipelines charts use around ports', () => {
    expect(render('a: {{ .Values.missing | default 8080 }}\n')).toMatch(/a: +8080/);
    expect(render('a: {{ default 8080 .Values.service.port }}\n')).toMatch(/a: +9100/);
    expect(render('a: {{ .Values.service.port | int }}\n')).toMatch(/a: +9100/);
    expect(render('a: {{ .Values.service.name | quote }}\n')).toMatch(/a: +"metrics"/);
    expect(render('a: {{ $.Values.service.port }}\n')).toMatch(/a: +9100/);
    expect(render('{{- $p := .Values.service.port }}\na: {{ $p }}\n')).toMatch(/a: +9100/);
    expect(render('{{- with .Values.service }}\na: {{ .port }}\n{{- end }}\n')).toMatch(/a: +9100/);
    expect(render('a: {{ ternary 1 2 .Values.hostNetwork }}\n')).toMatch(/a: +1\n/);
  });

  it('reads a key the values do not hold as false in a condition and empty to default', () => {
    expect(render('{{- if .Values.nowhere }}\nfirst: 1\n{{- else }}\nsecond: 2\n{{- end }}\n')).not.toContain('first');
    expect(render('a: {{ .Values.nowhere.deeper | default 7 }}\n')).toMatch(/a: +7/);
  });

  it('drops the branches the values switch off', () => {
    const template = '{{- if eq .Values.service.type "NodePort" }}\nnodePort: 30080\n{{- else }}\nclusterOnly: true\n{{- end }}\n';
    const text = render(template);
    expect(text).not.toContain('nodePort');
    expect(text).toContain('clusterOnly: true');
    const nodePort = render(template, mergeValues(values, parseSet('service.type=NodePort') as Value));
    expect(nodePort).toContain('nodePort: 30080');
    expect(nodePort).not.toContain('clusterOnly');
    expect(render('{{- with .Values.extra }}\nhidden: 1\n{{- end }}\n')).not.toContain('hidden');
    expect(render('{{- range .Values.ports }}\n- port: 1\n{{- end }}\n')).not.toContain('port');
    expect(render('{{- if not .Values.hostNetwork }}\nhidden: 1\n{{- end }}\n')).not.toContain('hidden');
  });

  it('leaves unknown what the values do not decide', () => {
    const unknown = blankTemplateActions('a: {{ include "x.port" . }}\nb: {{ .Values.nowhere }}\nc: {{ .Release.Name }}\n', { values, helpers: NO_HELPERS });
    expect(unknown.actions.filter((a) => a.resolved)).toEqual([]);
    expect(unknown.text).not.toMatch(/\d/);
    // An unknown condition keeps its first branch and counts the rest as an alternative.
    const text = render('{{- if .Release.IsInstall }}\nfirst: 1\n{{- else }}\nsecond: 2\n{{- end }}\n');
    expect(text).toContain('first: 1');
    expect(text).not.toContain('second');
  });

  it('reduces an include of a helper that prints one expression', () => {
    const helpers = parseHelpers(`{{/* The port, with a default. */}}
{{- define "agent.port" -}}
{{- .Values.service.port | default 8080 -}}
{{- end -}}
{{- define "agent.fullname" -}}
{{- if .Values.fullnameOverride }}{{ .Values.fullnameOverride }}{{ else }}{{ .Release.Name }}{{ end -}}
{{- end -}}
{{- define "agent.svcPort" -}}{{ .port }}{{- end -}}`);
    expect([...helpers.keys()]).toEqual(['agent.port', 'agent.svcPort']);
    expect(render('a: {{ include "agent.port" . }}\n', values, helpers)).toMatch(/a: +9100/);
    expect(render('a: {{ include "agent.svcPort" .Values.service }}\n', values, helpers)).toMatch(/a: +9100/);
    expect(render('a: {{ include "agent.fullname" . }}\n', values, helpers)).not.toMatch(/\w+$/m);
  });

  it('keeps a value that would not read as the same YAML scalar unknown', () => {
    const spaced = parseValues('values.yaml', 'name: "two words: here"\n');
    expect(blankTemplateActions('a: {{ .Values.name }}\n', { values: spaced, helpers: NO_HELPERS }).actions[0]!.resolved).toBeUndefined();
  });

  it('remembers which values key a resolved action comes from', () => {
    const { actions } = blankTemplateActions('port: {{ .Values.service.port }}\n', { values, helpers: NO_HELPERS });
    expect(actions[0]!.resolved?.source).toMatchObject({ uri: 'values.yaml', path: 'service.port' });
  });
});

describe('values', () => {
  it('parses --set the way helm does', () => {
    const set = parseSet('a.b=1,c=true,d=null,e=text,f[1]=x') as Value;
    const merged = mergeValues(parseValues('v.yaml', 'a: {b: 0, keep: 2}\nd: 5\n'), set);
    expect(JSON.stringify(merged, (_, v) => (v instanceof Map ? Object.fromEntries(v) : v))).toContain('"b":{"kind":"scalar","value":1');
    expect(parseSet('no-equals')).toMatch(/is not key=value/);
  });

  it('lets an override delete a key with null', () => {
    const merged = mergeValues(parseValues('v.yaml', 'a: 1\nb: 2\n'), parseValues('o.yaml', 'a: null\n'));
    expect(merged.kind === 'map' && [...merged.entries.keys()]).toEqual(['b']);
  });
});
