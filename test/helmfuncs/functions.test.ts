// Helm's own functions through the template engine: include and tpl with their source maps,
// include's recursion limit, required, lookup.

import { describe, expect, it } from 'vitest';
import { GoError, removeAll, sourceAt, typeName, type Traced, type Value } from '../../server/src/service/gotemplate/index';
import { helmFunctions, helmOwnFunctions, helmValues, HELM_VALUES_TYPE, MAX_INCLUDE_DEPTH } from '../../server/src/service/helmfuncs/index';
import { render } from '../gotemplate/support';
import { context } from '../sprig/support';

const run = (template: string, others: Record<string, string> = {}, values = 'name: web\nport: 8080\n') => {
  const result = render({ template, others, values, functions: helmFunctions() });
  if (result.parseError) throw new Error(result.parseError);
  return result;
};

describe('include', () => {
  it('renders a helper, and its bytes map back to the helper through nindent', () => {
    const helpers = '{{ define "labels" }}app: {{ .Values.name }}\ntier: web{{ end }}';
    const result = run('x:{{ include "labels" . | nindent 2 }}', { helpers });
    expect(result.error).toBeUndefined();
    expect(result.output).toBe('x:\n  app: web\n  tier: web');
    // "tier" comes from the helper's text.
    const at = result.output.indexOf('tier');
    const source = sourceAt(result, at)!;
    expect(source.segment.template).toBe('labels');
    expect(helpers.slice(source.sourceOffset!, source.sourceOffset! + 4)).toBe('tier');
  });

  it('stops a helper that includes itself after 1000 levels, as Helm does', () => {
    // Called directly: a context whose templates include the same name again, as a recursive helper does.
    const include = helmOwnFunctions().get('include')!;
    let depth = 0;
    const ctx = {
      ...context('include'),
      hasTemplate: () => true,
      executeTemplate: (name: string, data: Value) => {
        depth++;
        const result = include.call([name, data], ctx) as Traced;
        return { output: result.value as string, segments: [] };
      },
    };
    expect(() => include.call(['loop', null], ctx)).toThrow(new GoError('rendering template has a nested reference name: loop: unable to execute template'));
    expect(depth).toBe(MAX_INCLUDE_DEPTH + 1);
  });

  it('reports a helper that includes itself without end with Helm\'s message, not a stack overflow', () => {
    // The JS stack gives out before the 1000th level (see exec.ts); the error is still Helm's,
    // at the include of the executed template, with the nested errors of the levels below it.
    const result = run('a: {{ include "loop" . }}', { helpers: '{{ define "loop" }}x{{ include "loop" . }}{{ end }}' });
    expect(result.error?.context).toBe('include "loop" .');
    expect(result.error?.template).toBe('t');
    expect(result.error?.message).toMatch(/^error calling include: template: helpers:1:23: executing "loop" at <include "loop" \.>: error calling include: /);
    expect(result.error?.message).toMatch(/error calling include: rendering template has a nested reference name: loop: unable to execute template$/);
    let innermost = result.error!;
    while (innermost.cause && 'context' in innermost.cause) innermost = innermost.cause;
    expect(innermost.message).toBe('error calling include: rendering template has a nested reference name: loop: unable to execute template');
  });

  it('reports a missing template against Helm\'s root template, also from tpl', () => {
    expect(run('{{ include "nope" . }}').error?.message).toBe('error calling include: template: no template "nope" associated with template "gotpl"');
    expect(run('{{ tpl "{{ include \\"nope\\" . }}" . }}').error?.message).toBe(
      'error calling tpl: error during tpl function execution for "{{ include \\"nope\\" . }}": template: gotpl:1:3: executing "gotpl" at <include "nope" .>: error calling include: template: no template "nope" associated with template "gotpl"',
    );
  });

  it('lets a helper include itself to a bounded depth', () => {
    const helpers = '{{ define "count" }}{{ if gt (len .) 0 }}{{ first . }}{{ include "count" (rest .) }}{{ end }}{{ end }}';
    expect(run('{{ include "count" (until 30) }}', { helpers }).output).toBe(Array.from({ length: 30 }, (_, i) => i).join(''));
  });
});

describe('toYaml maps each value it prints back to its key', () => {
  const values = 'service:\n  ports:\n    http: 8080\n    metrics:\n      port: 9100\n      names: [web, "admin"]\n';

  it('through nindent, a port number of a nested map maps to its key in values.yaml', () => {
    const template = 'spec:\n  ports:{{ toYaml .Values.service.ports | nindent 4 }}\n';
    const result = run(template, {}, values);
    expect(result.error).toBeUndefined();
    expect(result.output).toBe('spec:\n  ports:\n    http: 8080\n    metrics:\n      names:\n      - web\n      - admin\n      port: 9100\n');
    const origin = (text: string) => {
      const source = sourceAt(result, result.output.indexOf(text))!;
      return source.segment.origin && { path: source.segment.origin.path, text: values.slice(source.segment.origin.span.start, source.segment.origin.span.end) };
    };
    expect(origin('9100')).toEqual({ path: 'service.ports.metrics.port', text: '9100' });
    expect(origin('8080')).toEqual({ path: 'service.ports.http', text: '8080' });
    expect(origin('admin')).toEqual({ path: 'service.ports.metrics.names[1]', text: '"admin"' });
    // Every byte of the value, and only those, carries the origin.
    const at = result.output.indexOf('9100');
    for (let i = at; i < at + 4; i++) expect(sourceAt(result, i)!.segment.origin?.path).toBe('service.ports.metrics.port');
    expect(sourceAt(result, at - 1)!.segment.origin).toBeUndefined();
    // Keys and indentation belong to the action.
    const key = sourceAt(result, result.output.indexOf('metrics'))!.segment;
    expect(key.origin).toBeUndefined();
    expect(template.slice(key.span.start, key.span.end)).toBe('{{ toYaml .Values.service.ports | nindent 4 }}');
  });

  it('mustToYaml and toYamlPretty map their values back too', () => {
    for (const f of ['mustToYaml', 'toYamlPretty']) {
      const result = run(`{{ ${f} .Values.service }}`, {}, values);
      expect(result.error).toBeUndefined();
      expect(sourceAt(result, result.output.indexOf('9100'))!.segment.origin?.path).toBe('service.ports.metrics.port');
      expect(sourceAt(result, result.output.indexOf('web'))!.segment.origin?.path).toBe('service.ports.metrics.names[0]');
    }
  });

  it('toJson and its kin map their values back too', () => {
    for (const f of ['toJson', 'mustToJson', 'toPrettyJson', 'toRawJson']) {
      const result = run(`{{ ${f} .Values.service }}`, {}, values);
      expect(result.error).toBeUndefined();
      const at = result.output.indexOf('9100');
      expect(sourceAt(result, at)!.segment.origin?.path).toBe('service.ports.metrics.port');
      expect(sourceAt(result, at + 4)!.segment.origin).toBeUndefined();
      // A string's quotes are part of the value written.
      expect(sourceAt(result, result.output.indexOf('"admin"'))!.segment.origin?.path).toBe('service.ports.metrics.names[1]');
    }
    expect(run('{{ toJson .Values.service }}', {}, values).output).toBe('{"ports":{"http":8080,"metrics":{"names":["web","admin"],"port":9100}}}');
  });

  it('the segments name the action that called the function, through a variable and through include', () => {
    const template = '{{ $x := toYaml .Values.service.ports.metrics }}m:\n{{ $x | indent 2 }}\n{{ include "h" . }}';
    const helpers = '{{ define "h" }}h: {{ toJson .Values.service.ports.http }}{{ end }}';
    const result = run(template, { helpers }, values);
    expect(result.output).toBe('m:\n  names:\n  - web\n  - admin\n  port: 9100\nh: 8080');
    const viaVariable = sourceAt(result, result.output.indexOf('9100'))!.segment;
    expect(viaVariable.origin?.path).toBe('service.ports.metrics.port');
    expect(template.slice(viaVariable.span.start, viaVariable.span.end)).toBe('{{ $x := toYaml .Values.service.ports.metrics }}');
    expect(template.slice(viaVariable.callSite!.span.start, viaVariable.callSite!.span.end)).toBe('{{ $x | indent 2 }}');
    const viaInclude = sourceAt(result, result.output.indexOf('8080'))!.segment;
    expect(viaInclude.origin?.path).toBe('service.ports.http');
    expect(viaInclude.template).toBe('h');
    expect(helpers.slice(viaInclude.span.start, viaInclude.span.end)).toBe('{{ toJson .Values.service.ports.http }}');
    expect(template.slice(viaInclude.callSite!.span.start, viaInclude.callSite!.span.end)).toBe('{{ include "h" . }}');
  });

  it('a scalar printed alone keeps its origin, and data built in the template has none', () => {
    const result = run('{{ toYaml .Values.service.ports.http }}|{{ toYaml (dict "a" 1) }}', {}, values);
    expect(result.output).toBe('8080|a: 1');
    expect(sourceAt(result, 0)!.segment.origin?.path).toBe('service.ports.http');
    expect(sourceAt(result, result.output.indexOf('a: 1') + 3)!.segment.origin).toBeUndefined();
  });
});

describe('.Values has Helm\'s named type', () => {
  const values = 'port: 8080\nmap: {a: {b: 1}}\n';
  const helm = (template: string) => render({ template, values, functions: helmFunctions(), valuesType: HELM_VALUES_TYPE });

  it('typeOf shows it; functions taking map[string]interface {} accept it, as Go\'s assignability does', () => {
    const result = helm('{{ typeOf .Values }}|{{ kindOf .Values }}|{{ typeOf .Values.map }}|{{ hasKey .Values "port" }}|{{ keys .Values }}|{{ typeOf (deepCopy .Values) }}|{{ typeOf (merge (dict) .Values) }}');
    expect(result.error).toBeUndefined();
    expect(result.output).toBe('common.Values|map|map[string]interface {}|true|[map port]|common.Values|map[string]interface {}');
  });

  it('dig refuses it (a type assertion to map[string]interface {}), and takes the maps inside it', () => {
    expect(helm('{{ dig "port" "" .Values }}').error?.message).toBe('error calling dig: interface conversion: interface {} is common.Values, not map[string]interface {}');
    expect(helm('{{ dig "a" "b" "" .Values.map }}').output).toBe('1');
  });

  it('helmValues() makes the map a renderer hands over as .Values', () => {
    const values = helmValues();
    values.set('x', 1);
    expect(typeName(values)).toBe('common.Values');
  });
});

describe('tpl', () => {
  it('renders text with the data, drops <no value>, and sees defines of its own', () => {
    expect(removeAll(run('{{ tpl "{{ .Values.name }}-{{ .missing }}" . }}'), '<no value>').output).toBe('web-');
    expect(run('{{ tpl "{{ define \\"in\\" }}x{{ end }}{{ include \\"in\\" . }}" . }}').output).toBe('x');
    // An empty text inside a tpl text renders nothing, as Go executes the tree it has just
    // parsed (argo-workflows and promtail write `tpl "" .` where a value is empty).
    expect(run('{{ tpl "a{{ tpl \\"\\" . }}b" . }}').output).toBe('ab');
  });

  it('wraps a parse error as Helm does', () => {
    expect(run('{{ tpl "{{" . }}').error?.message).toBe('error calling tpl: cannot parse template "{{": template: gotpl:1: unclosed action');
  });
});

describe('required and lookup', () => {
  it('required passes a value on and fails without one', () => {
    expect(run('{{ required "need name" .Values.name }}').output).toBe('web');
    expect(run('{{ required "need x" .Values.x }}').error?.message).toBe('error calling required: need x');
    expect(run('{{ required "need x" "" }}').error?.message).toBe('error calling required: need x');
  });

  it('lookup finds nothing, as helm template does', () => {
    expect(run('{{ lookup "v1" "Secret" "ns" "s" }}|{{ (lookup "v1" "Secret" "ns" "s").data }}').output).toBe('map[]|<no value>');
  });
});
