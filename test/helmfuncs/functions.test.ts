// Helm's own functions through the template engine: include and tpl with their source maps,
// include's recursion limit, required, lookup.

import { describe, expect, it } from 'vitest';
import { GoError, removeAll, sourceAt, type Traced, type Value } from '../../server/src/service/gotemplate/index';
import { helmFunctions, helmOwnFunctions, MAX_INCLUDE_DEPTH } from '../../server/src/service/helmfuncs/index';
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
      executeTemplate: (name: string, data: Value) => {
        depth++;
        const result = include.call([name, data], ctx) as Traced;
        return { output: result.value as string, segments: [] };
      },
    };
    expect(() => include.call(['loop', null], ctx)).toThrow(new GoError('rendering template has a nested reference name: loop: unable to execute template'));
    expect(depth).toBe(MAX_INCLUDE_DEPTH + 1);
  });

  it('lets a helper include itself to a bounded depth', () => {
    const helpers = '{{ define "count" }}{{ if gt (len .) 0 }}{{ first . }}{{ include "count" (rest .) }}{{ end }}{{ end }}';
    expect(run('{{ include "count" (until 30) }}', { helpers }).output).toBe(Array.from({ length: 30 }, (_, i) => i).join(''));
  });
});

describe('tpl', () => {
  it('renders text with the data, drops <no value>, and sees defines of its own', () => {
    expect(removeAll(run('{{ tpl "{{ .Values.name }}-{{ .missing }}" . }}'), '<no value>').output).toBe('web-');
    expect(run('{{ tpl "{{ define \\"in\\" }}x{{ end }}{{ include \\"in\\" . }}" . }}').output).toBe('x');
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
