// Execution: actions, scoping, functions given by the caller (with Go's argument checks), the
// context functions like include and tpl need, Go's error messages, and the limits that stop a
// template that would not end. Outputs that helm can also produce are compared with it in
// test/shared/gotemplate-oracle.test.ts; these cases cover what needs more than a chart.

import { describe, expect, it } from 'vitest';
import { execute, formatExecError, GoError, GoFunc, goMap, GoStruct, TemplateSet, Traced, type FuncMap, type TemplateFunction, type Value } from '../../server/src/service/gotemplate/index';
import { render } from './support';

const VALUES = 'port: 8080\nname: web\nlist: [a, b, c]\nmap: {b: 2, a: 1}\nnothing: null\n';

function out(template: string, extra: Partial<Parameters<typeof render>[0]> = {}): string {
  const result = render({ template, values: VALUES, ...extra });
  if (result.parseError) return `parse error: ${result.parseError}`;
  if (result.error) return `error: ${result.error.message}`;
  return result.output;
}

describe('actions', () => {
  it.each<[string, string]>([
    ['{{ .Values.port }}|{{ .Values.missing }}|{{ .Values.nothing }}', '8080|<no value>|<no value>'],
    ['{{ if .Values.list }}y{{ end }}{{ if .Values.missing }}n{{ else }}e{{ end }}', 'ye'],
    ['{{ with .Values.map }}{{ .a }}{{ else }}none{{ end }}{{ with .Values.missing }}x{{ else with .Values.name }}{{ . }}{{ end }}', '1web'],
    ['{{ range .Values.list }}{{ . }}{{ else }}none{{ end }}{{ range .Values.missing }}x{{ else }}none{{ end }}', 'abcnone'],
    ['{{ range $k, $v := .Values.map }}{{ $k }}={{ $v }};{{ end }}', 'a=1;b=2;'],
    ['{{ range $i, $v := .Values.list }}{{ if eq $i 1 }}{{ continue }}{{ end }}{{ $v }}{{ if eq $v "c" }}{{ break }}{{ end }}{{ end }}', 'ac'],
    ['{{ range 3 }}{{ . }}{{ end }}{{ range -1 }}x{{ else }}-{{ end }}', '012-'],
    ['{{ range $i, $v := .Values.list }}{{ range $j, $w := $.Values.list }}{{ if eq $j 1 }}{{ break }}{{ end }}{{ $v }}{{ $w }}{{ end }}{{ end }}', 'aabaca'],
    ['{{- "a" }}  {{- "b" -}}  \n {{ "c" -}} \n', 'abc'],
  ])('%s', (template, expected) => {
    expect(out(template)).toBe(expected);
  });
});

describe('variables', () => {
  it.each<[string, string]>([
    // A declaration lives to the end of its block; an assignment changes the outer variable.
    ['{{ $x := "outer" }}{{ if true }}{{ $x := "inner" }}{{ $x }}{{ end }}{{ $x }}', 'innerouter'],
    ['{{ $x := "outer" }}{{ if true }}{{ $x = "assigned" }}{{ end }}{{ $x }}', 'assigned'],
    ['{{ $n := 0 }}{{ range .Values.list }}{{ $n = . }}{{ end }}{{ $n }}', 'c'],
    ['{{ with $v := .Values.name }}{{ $v }}{{ . }}{{ end }}', 'webweb'],
    ['{{ range $i, $v := .Values.list }}{{ $i }}{{ end }}', '012'],
    // range with `=` assigns the outer variables.
    ['{{ $i := 9 }}{{ $v := 9 }}{{ range $i, $v = .Values.list }}{{ end }}{{ $i }}{{ $v }}', '2c'],
    ['{{ define "d" }}{{ $ }}{{ end }}{{ $x := 1 }}{{ template "d" "arg" }}', 'arg'],
  ])('%s', (template, expected) => {
    expect(out(template)).toBe(expected);
  });
});

describe('define, template and block', () => {
  it('calls templates from other texts, and lets a later definition win', () => {
    const others = { '_a.tpl': '{{ define "x" }}first{{ end }}', '_b.tpl': '{{ define "x" }}second{{ end }}{{ define "empty" }}{{ end }}' };
    expect(out('{{ template "x" }}', { others })).toBe('second');
  });

  it('keeps a non-empty definition over a later empty one', () => {
    const set = new TemplateSet();
    set.add('a', '{{ define "x" }}body{{ end }}');
    set.add('b', '{{ define "x" }}  {{ end }}');
    set.add('t', '{{ template "x" }}');
    expect(execute(set, 't', null).output).toBe('body');
  });

  it('stops a template that calls itself forever with Go\'s error, not a crash', () => {
    const result = render({ template: '{{ define "loop" }}{{ template "loop" . }}{{ end }}{{ template "loop" . }}' });
    expect(result.error?.message).toBe('exceeded maximum template depth (100000)');
  });
});

describe('Go\'s error messages', () => {
  it.each<[string, string]>([
    ['{{ eq .Values.port 8080 }}', 'error calling eq: incompatible types for comparison: float64 and int'],
    ['{{ .Values.missing.x }}', 'nil pointer evaluating interface {}.x'],
    ['{{ .Values.port.x }}', "can't evaluate field x in type interface {}"],
    ['{{ $p := .Values.port }}{{ $p.x }}', "can't evaluate field x in type float64"],
    ['{{ $m := .Values.missing }}[{{ $m.x }}]', '[<no value>]'],
    ['{{ range .Values.port }}{{ end }}', "range can't iterate over 8080"],
    ['{{ template "nope" }}', 'template "nope" not defined'],
    ['{{ len 1 2 }}', 'wrong number of args for len: want 1 got 2'],
    ['{{ printf }}', 'wrong number of args for printf: want at least 1 got 0'],
    ['{{ 1 | len 2 }}', 'wrong number of args for len: want 1 got 2'],
    ['{{ .Values.name 1 }}', 'name is not a method but has arguments'],
    ['{{ $x := 1 }}{{ $x 2 }}', "can't give argument to non-function $x"],
    ['{{ nil }}', 'nil is not a command'],
    ['{{ index .Values.list 3 }}', 'error calling index: reflect: slice index out of range'],
    ['{{ index .Values.list 4 }}', 'error calling index: index out of range: 4'],
    ['{{ index .Values.list "a" }}', 'error calling index: cannot index slice/array with type string'],
    ['{{ index .Values.map 1 }}', 'error calling index: value has type int; should be string'],
    ['{{ index .Values.port 1 }}', 'error calling index: can\'t index item of type float64'],
    ['{{ len .Values.port }}', 'error calling len: len of type float64'],
    ['{{ lt true false }}', 'error calling lt: invalid type for comparison'],
    ['{{ 99999999999999999999.0 }}', '1e+20'],
    ['{{ printf "%s" nil }}', '%!s(<nil>)'],
    ['{{ printf 1 }}', 'expected string; found 1'],
    ['{{ printf .Values.port }}', 'wrong type for value; expected string; got float64'],
    ['{{ printf .Values.missing }}', 'wrong type for value; expected string; got interface {}'],
    ['{{ .Values.missing | printf }}', 'invalid value; expected string'],
    ['{{ printf nil }}', 'cannot assign nil to string'],
  ])('%s', (template, expected) => {
    const text = out(template);
    expect(text.replace(/^error: /, '')).toBe(expected);
  });

  it('formats an error as Go does, with the position of the failing action', () => {
    const result = render({ template: 'a\n  {{ eq 1 1.5 }}' });
    expect(formatExecError(result.error!)).toBe('template: t:2:5: executing "t" at <eq 1 1.5>: error calling eq: incompatible types for comparison: int and float64');
    expect(result.output).toBe('a\n  '); // what was written before the error stays, as in Go
  });

  it('names the defined template and its file in errors inside helpers', () => {
    const result = render({ template: '{{ template "h" . }}', others: { '_helpers.tpl': '\n{{ define "h" }}{{ .Values.port.x }}{{ end }}' }, values: VALUES });
    expect(result.error).toMatchObject({ template: 'h', file: '_helpers.tpl', line: 2, message: "can't evaluate field x in type interface {}" });
  });
});

describe('builtins', () => {
  it.each<[string, string]>([
    ['{{ and 1 0 2 }}|{{ and 1 2 }}|{{ or 0 "" }}|{{ or 0 "x" 1 }}', '0|2||x'],
    // and/or stop evaluating at the deciding argument.
    ['{{ or 1 .Values.missing.x }}|{{ and 0 .Values.missing.x }}', '1|0'],
    ['{{ not 0 }}{{ not .Values.list }}', 'truefalse'],
    ['{{ len "héllo" }}{{ len .Values.map }}', '62'],
    ['{{ index "abc" 1 }}|{{ index .Values.map "nope" }}', '98|<no value>'],
    ['{{ slice .Values.list 1 }}{{ slice .Values.list 1 2 }}{{ slice "héllo" 3 }}{{ slice .Values.list }}', '[b c][b]llo[a b c]'],
    ['{{ html "<&>\\"\'" }}|{{ js "a\'b<" }}|{{ urlquery "a b/é" }}', '&lt;&amp;&gt;&#34;&#39;|a\\\'b\\u003C|a+b%2F%C3%A9'],
    ['{{ print "a" 1 2 "b" }}|{{ println 1 }}|{{ printf "%03d|%-3s|%.1f" 7 "x" 2.25 }}', 'a1 2b|1\n|007|x  |2.2'],
    ['{{ eq 1 2 3 1 }}{{ ne "a" "b" }}{{ le 1.5 1.5 }}{{ ge "a" "b" }}', 'truetruetruefalse'],
  ])('%s', (template, expected) => {
    expect(out(template)).toBe(expected);
  });

  it('calls a func value with call, checking its arity', () => {
    const double = new GoFunc({ arity: 1, call: ([x]) => (x as bigint) * 2n }, 'func(int) int');
    const set = new TemplateSet();
    set.add('t', '{{ call .f 21 }}|{{ call .f }}');
    const first = execute(set, 't', goMap({ f: double }));
    expect(first.output).toBe('42|');
    expect(first.error?.message).toBe('error calling call: wrong number of args for .f: got 0 want 1');
  });
});

describe('structs: fields and methods', () => {
  const files = new GoStruct('chart.Files', new Map(), new Map([['Get', { arity: 1, call: ([name]) => `content of ${name as string}` }]]));
  const chart = new GoStruct('*chart.Metadata', goMap({ Name: 'web', Version: '1.0.0' }));
  const versions = new GoStruct('chartutil.VersionSet', new Map(), new Map([['Has', { arity: 1, call: ([v]) => v === 'apps/v1' }]]), ['apps/v1', 'v1']);
  const data = goMap({ Files: files, Chart: chart, APIVersions: versions });
  const run = (template: string) => {
    const set = new TemplateSet();
    set.add('t', template);
    const result = execute(set, 't', data);
    return result.error ? `error: ${result.error.message}` : result.output;
  };

  it.each<[string, string]>([
    ['{{ .Chart.Name }}-{{ .Chart.Version }}', 'web-1.0.0'],
    ['{{ .Files.Get "a.txt" }}', 'content of a.txt'],
    ['{{ "b.txt" | .Files.Get }}', 'content of b.txt'],
    ['{{ .APIVersions.Has "apps/v1" }}{{ .APIVersions.Has "x" }}', 'truefalse'],
    ['{{ range .APIVersions }}{{ . }};{{ end }}{{ len .APIVersions }}', 'apps/v1;v1;2'],
    ['{{ .Chart }}', '{web 1.0.0}'],
    // Read from the data's map, the struct's static type is interface{}, as in Go; through a variable, its own.
    ['{{ .Chart.Nope }}', "error: can't evaluate field Nope in type interface {}"],
    ['{{ $c := .Chart }}{{ $c.Nope }}', "error: can't evaluate field Nope in type *chart.Metadata"],
    ['{{ .Chart.Name "x" }}', 'error: Name has arguments but cannot be invoked as function'],
    ['{{ .Files.Get }}', 'error: wrong number of args for Get: want 1 got 0'],
  ])('%s', (template, expected) => {
    expect(run(template)).toBe(expected);
  });
});

describe('functions given by the caller', () => {
  const fn = (params: TemplateFunction['params'], call: TemplateFunction['call'], more: Partial<TemplateFunction> = {}): TemplateFunction => ({ params, call, ...more });
  const functions: FuncMap = new Map([
    ['upper', fn(['string'], ([s]) => (s as string).toUpperCase())],
    ['repeat', fn(['int', 'string'], ([n, s]) => (s as string).repeat(Number(n)))],
    ['half', fn(['float64'], ([x]) => (x as number) / 2)],
    ['toggle', fn(['bool'], ([b]) => !b)],
    ['keys', fn(['map'], ([m]) => (m === null ? [] : [...(m as Map<string, Value>).keys()]))],
    ['list', fn(['any'], (args) => args, { variadic: true })],
    ['fail', fn(['string'], ([m]) => {
      throw new GoError(m as string);
    })],
    ['include', fn(['string', 'any'], ([name, data], ctx) => {
      const r = ctx.executeTemplate(name as string, data!);
      return new Traced(r.output, { segments: r.segments });
    })],
    ['tpl', fn(['string', 'any'], ([text, data], ctx) => ctx.executeText('tpl', text as string, data!).output)],
  ]);
  const run = (template: string, others: Record<string, string> = {}) => out(template, { functions, others });

  it.each<[string, string]>([
    ['{{ upper "a" }}{{ "b" | upper }}{{ .Values.name | upper }}', 'ABWEB'],
    ['{{ repeat 3 "x" }}', 'xxx'],
    ['{{ half 3 }}|{{ half 2.5 }}', '1.5|1.25'],
    ['{{ toggle true }}', 'false'],
    ['{{ keys .Values.map | len }}|{{ keys nil }}', '2|[]'],
    ['{{ list 1 "a" nil .Values.missing }}', '[1 a <nil> <nil>]'],
    // Literals must fit the parameter's type; values must have it.
    ['{{ upper 1 }}', 'error: expected string; found 1'],
    ['{{ repeat 1.5 "x" }}', 'error: expected integer; found 1.5'],
    ['{{ repeat .Values.port "x" }}', 'error: wrong type for value; expected int; got float64'],
    ['{{ half "x" }}', 'error: expected float; found "x"'],
    ['{{ toggle 1 }}', 'error: expected bool; found 1'],
    ['{{ keys .Values.list }}', 'error: wrong type for value; expected map[string]interface {}; got []interface {}'],
    ['{{ fail "boom" }}', 'error: error calling fail: boom'],
  ])('%s', (template, expected) => {
    expect(run(template)).toBe(expected);
  });

  it('hands a context only to a function that declares one, and the context names the call', () => {
    const seen: string[] = [];
    const more: FuncMap = new Map([
      ...functions,
      ['named', fn(['any'], (_args, ctx) => `${ctx.name}(${ctx.argTexts.join(',')})`)],
      ['plain', fn(['any'], ([x]) => {
        seen.push(String(x));
        return 'p';
      })],
    ]);
    expect(out('{{ named .Values.port }}|{{ "v" | named }}|{{ plain 1 }}', { functions: more })).toBe('named(.Values.port)|named(<piped value>)|p');
    expect(seen).toEqual(['1']);
  });

  it('lets a function execute a named template (include) and a text (tpl)', () => {
    const others = { '_helpers.tpl': '{{ define "name" }}{{ .Values.name }}-x{{ end }}' };
    expect(run('{{ include "name" . }}|{{ include "name" . | upper }}|{{ tpl "{{ .Values.port }}" . }}', others)).toBe('web-x|WEB-X|8080');
    expect(run('{{ tpl "{{ define \\"inner\\" }}i{{ end }}{{ template \\"inner\\" }}" . }}')).toBe('i');
  });

  it('reports an error inside an included template with its cause', () => {
    const others = { '_helpers.tpl': '{{ define "bad" }}{{ .Values.port.x }}{{ end }}' };
    const result = render({ template: '{{ include "bad" . }}', values: VALUES, functions, others });
    expect(result.error?.message).toBe('error calling include: template: _helpers.tpl:1:28: executing "bad" at <.Values.port.x>: can\'t evaluate field x in type interface {}');
    expect(result.error?.cause).toMatchObject({ template: 'bad', file: '_helpers.tpl', message: "can't evaluate field x in type interface {}" });
    const parse = render({ template: '{{ tpl "{{ end }}" . }}', values: VALUES, functions });
    expect(parse.error?.message).toBe('error calling tpl: template: tpl:1: unexpected {{end}}');
  });

  it('survives include recursion that would exhaust the stack', () => {
    const others = { '_helpers.tpl': '{{ define "r" }}{{ include "r" . }}{{ end }}' };
    const result = render({ template: '{{ include "r" . }}', values: VALUES, functions, others });
    expect(result.error?.message).toMatch(/exceeded maximum template depth \(100000\)/);
  });
});

describe('options and limits', () => {
  it('fails on a missing key with missingkey=error (Helm --strict)', () => {
    const result = render({ template: '{{ .Values.port }}{{ .Values.nope }}', values: VALUES, options: { missingKey: 'error' } });
    expect(result.error?.message).toBe('map has no entry for key "nope"');
  });

  it('stops a template that runs too long', () => {
    const result = render({ template: '{{ range 100000000 }}{{ end }}', options: { maxSteps: 10_000 } });
    expect(result.error?.message).toMatch(/too many steps/);
  });

  it('reports a template that is not in the set', () => {
    expect(execute(new TemplateSet(), 'none', null).error?.message).toBe('no such template "none"');
  });
});
