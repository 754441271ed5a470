// The template engine against Helm itself: each template below is rendered by a real helm v4
// (../shared/tools/helm-oracle.sh; as a chart's NOTES.txt, which Helm renders with the chart's
// engine and prints as is) and by Portolan's engine, and the outputs must be equal byte for
// byte; for templates that fail, Helm's message must end with the engine's message. Only Go's
// builtins are used (but `slice`, which Helm replaces with sprig's): sprig and Helm's own
// functions are another module's.

import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeAll } from '../../server/src/service/gotemplate/index';
import { render } from '../gotemplate/support';
import { sharedPath } from '../support/shared';

interface Case {
  name: string;
  template: string;
  values?: string;
  /** Helpers, as templates/_helpers.tpl. */
  helpers?: string;
}

const VALUES = `
port: 8080
big: 1000000
ratio: 0.25
name: web
empty: ""
zero: 0
flag: true
nothing: null
list: [a, b, c]
ports: [80, 443]
map: {b: 2, a: 1, c: {d: [1, x]}}
service: {port: 9100, type: ClusterIP}
`;

const CASES: Case[] = [
  { name: 'numbers from values print as Go prints float64', template: '{{ .Values.port }} {{ .Values.big }} {{ .Values.ratio }} {{ .Values.zero }}' },
  { name: 'number literals', template: '{{ 1e6 }} {{ 3.0 }} {{ 0x1F }} {{ 0o17 }} {{ 1_000 }} {{ -5 }} {{ \'a\' }} {{ .5 }} {{ 017 }}' },
  { name: 'maps, lists, nil and missing values', template: '{{ .Values.map }}|{{ .Values.list }}|{{ .Values.nothing }}|{{ .Values.missing }}|{{ print .Values.missing }}|{{ .Values.missing.deeper | print }}' },
  { name: 'strings: escapes, raw strings, chars', template: '{{ "a\\tb\\u00e9\\x41\\101" }}|{{ `raw\\n{{x}}` }}|{{ print \'\\n\' }}' },
  { name: 'trimming', template: 'a  \n  {{- "b" -}}  \n  c {{- /* comment */ -}} d {{/* kept space */}} e\n{{- "\\n" }}f' },
  { name: 'if, else if, else', template: '{{ range 3 }}{{ if eq . 0 }}zero{{ else if eq . 1 }}one{{ else }}many{{ end }},{{ end }}', helpers: '{{ define "unused" }}{{ end }}' },
  { name: 'truthiness', template: '{{ if .Values.empty }}1{{ end }}{{ if .Values.zero }}2{{ end }}{{ if .Values.nothing }}3{{ end }}{{ if .Values.missing }}4{{ end }}{{ if .Values.list }}5{{ end }}{{ if .Values.map }}6{{ end }}{{ if .Values.flag }}7{{ end }}{{ if 0.0 }}8{{ end }}' },
  { name: 'with and else with', template: '{{ with .Values.service }}{{ .port }}{{ end }}|{{ with .Values.missing }}no{{ else with .Values.name }}{{ . }}{{ else }}none{{ end }}|{{ with $x := .Values.port }}{{ $x }}{{ end }}' },
  { name: 'range over a list, with index and value', template: '{{ range $i, $p := .Values.ports }}{{ $i }}={{ $p }};{{ end }}|{{ range .Values.list }}{{ . }}{{ end }}' },
  { name: 'range over a map in key order', template: '{{ range $k, $v := .Values.map }}{{ $k }}:{{ $v }} {{ end }}|{{ range .Values.map }}[{{ . }}]{{ end }}' },
  { name: 'range over an int', template: '{{ range 3 }}{{ . }}{{ end }}|{{ range $e := 2 }}{{ $e }}{{ end }}|{{ range -2 }}x{{ else }}negative{{ end }}' },
  { name: 'range over an int with two variables fails', template: '{{ range $i, $e := 2 }}{{ end }}' },
  { name: 'range over a string fails', template: '{{ range "abc" }}{{ end }}' },
  { name: 'range else', template: '{{ range .Values.missing }}x{{ else }}empty{{ end }}|{{ range 0 }}x{{ else }}zero{{ end }}' },
  { name: 'break and continue', template: '{{ range $i, $v := .Values.list }}{{ if eq $v "b" }}{{ continue }}{{ end }}{{ if eq $i 2 }}{{ break }}{{ end }}{{ $v }}{{ end }}' },
  { name: 'variables: declaration, assignment, scope', template: '{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ $y := 3 }}{{ $y }}{{ end }}{{ $x }}{{ range .Values.list }}{{ $x = . }}{{ end }}{{ $x }}{{ with $z := 5 }}{{ $z }}{{ end }}' },
  { name: '$ is the root inside with and range', template: '{{ with .Values.service }}{{ $.Values.name }}-{{ .port }}{{ end }}{{ range .Values.list }}{{ $.Values.port }}{{ end }}' },
  { name: 'define, template and block', template: '{{ template "greet" .Values.name }}|{{ template "nodot" }}|{{ block "blk" .Values.port }}default {{ . }}{{ end }}', helpers: '{{ define "greet" }}hello {{ . }}{{ end }}{{ define "nodot" }}[{{ . }}]{{ end }}' },
  { name: 'a define in the helpers replaces the block default', template: '{{ block "blk2" . }}default{{ end }}', helpers: '{{ define "blk2" }}overridden{{ end }}' },
  { name: 'templates do not see the caller variables', template: '{{ $v := 1 }}{{ template "vars" 2 }}', helpers: '{{ define "vars" }}{{ $ }}{{ . }}{{ end }}' },
  { name: 'pipelines and parentheses', template: '{{ .Values.name | printf "%s-%s" "x" }}|{{ printf "%d" (len .Values.list) }}|{{ (index .Values.map "c").d }}|{{ ((.Values.service)).port }}' },
  { name: 'and, or return the deciding value', template: '{{ and 1 0 2 }}|{{ and 1 2 }}|{{ or 0 "" "x" }}|{{ or 0 "" }}|{{ or .Values.missing .Values.name }}|{{ and .Values.missing (index .Values.missing "x") }}' },
  { name: 'not, len, index', template: '{{ not 0 }}{{ not "a" }}|{{ len .Values.map }}{{ len "héllo" }}|{{ index .Values.ports 1 }}{{ index .Values.map "c" "d" 1 }}{{ index "abc" 1 }}|{{ index .Values.map "nope" }}' },
  { name: 'print, println, printf', template: '{{ print 1 2 "a" "b" 3 nil true }}|{{ println "x" 1 }}|{{ printf "%v %s %d %5.2f %-4s| %q %x %t %%" .Values.map "s" 42 3.14159 "ab" "q\\"" 255 true }}' },
  { name: 'printf with mismatched verbs', template: '{{ printf "%d" .Values.port }}|{{ printf "%s" 3 }}|{{ printf "%d %d" 1 }}|{{ printf "%d" 1 2 }}|{{ printf "%d" .Values.list }}|{{ printf "%!" }}' },
  { name: 'printf widths and padding', template: '{{ printf "%05d|%-6d|%+d|%6.1f|%-8s|%08.3f|%x|%X|%o|%b|%c|%U|%e|%g|%.3g" 42 7 5 2.25 "ab" -3.14159 "hi" 3054 8 5 65 65 123456.789 0.00001234 1234.5678 }}' },
  { name: 'html, js, urlquery', template: '{{ html "<a href=\'x\'>&</a>" }}|{{ js "it\'s <b> & \\"q\\" =" }}|{{ urlquery "a b&c=d/é" }}|{{ html .Values.missing }}' },
  { name: 'comparisons', template: '{{ eq 1 1 }}{{ eq "a" "b" "a" }}{{ ne 1 2 }}{{ lt 1 2 }}{{ le 2 2 }}{{ gt "b" "a" }}{{ ge 1.5 2.5 }}{{ eq .Values.port 8080.0 }}{{ eq .Values.missing "x" }}{{ eq nil nil }}{{ lt .Values.ratio 1.0 }}' },
  { name: 'a nil from the values', template: '{{ if eq .Values.nothing nil }}nil{{ end }}|{{ $n := .Values.nothing }}{{ $n }}|{{ $n.x }}' },
  { name: 'field chains through variables', template: '{{ $s := .Values.service }}{{ $s.port }}{{ $.Values.service.type }}{{ $m := .Values.map }}{{ $m.c.d }}' },
  { name: 'whitespace-only and multi-line actions', template: '{{\n  .Values.name\n}}|{{- if\n  .Values.flag -}}\n  yes\n{{- end }}' },
  // Errors: Helm's message must end with the engine's.
  { name: 'comparing an int with a float64 fails', template: '{{ eq .Values.port 8080 }}' },
  { name: 'a field of nil fails', template: '{{ .Values.missing.x.y }}' },
  { name: 'a field of a number fails', template: '{{ .Values.port.x }}' },
  { name: 'a field of a variable holding a number fails', template: '{{ $p := .Values.port }}{{ $p.x }}' },
  { name: 'range over a float64 fails', template: '{{ range .Values.port }}{{ end }}' },
  { name: 'a missing template fails', template: '{{ template "nope" . }}' },
  { name: 'wrong number of arguments', template: '{{ len 1 2 }}' },
  { name: 'index out of range', template: '{{ index .Values.list 5 }}' },
  { name: 'parse: unexpected end', template: 'a\n{{ if .x }}\n{{ end }}{{ end }}' },
  { name: 'parse: undefined variable', template: '{{ $x }}' },
  { name: 'parse: unknown function', template: '{{ nosuch 1 }}' },
  { name: 'parse: unclosed action', template: '{{ .Values.x ' },
  { name: 'parse: unterminated string', template: '{{ "abc }}' },
  { name: 'parse: break outside range', template: '{{ break }}' },
  { name: 'parse: non executable command', template: '{{ .Values.x | 1 }}' },
];

type HelmResult = { output: string } | { error: string };

function helmBinary(): string {
  const script = join(sharedPath('tools'), 'helm-oracle.sh');
  try {
    return execFileSync('bash', [script], { encoding: 'utf8' }).trim();
  } catch (e) {
    throw new Error(`the helm oracle (${script}) could not provide helm: ${(e as Error).message}`);
  }
}

const BEGIN = 'BEGIN>';
const END = '<END';

function renderWithHelm(helm: string, root: string, c: Case, index: number): Promise<HelmResult> {
  const dir = join(root, `c${index}`);
  mkdirSync(join(dir, 'templates'), { recursive: true });
  writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: t\nversion: 0.1.0\n');
  writeFileSync(join(dir, 'values.yaml'), c.values ?? VALUES);
  writeFileSync(join(dir, 'templates', 'NOTES.txt'), `${BEGIN}${c.template}${END}`);
  if (c.helpers) writeFileSync(join(dir, 'templates', '_helpers.tpl'), c.helpers);
  return new Promise((resolve) => {
    execFile(helm, ['install', 't', dir, '--dry-run=client'], { encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) return resolve({ error: stderr.trim() });
      const start = stdout.indexOf(BEGIN);
      const end = stdout.lastIndexOf(END);
      resolve(start >= 0 && end >= 0 ? { output: stdout.slice(start + BEGIN.length, end) } : { error: `no NOTES in helm's output: ${stdout}` });
    });
  });
}

/** Helm's render of the template 't' (as NOTES.txt) through Portolan's engine. */
function renderWithEngine(c: Case): HelmResult {
  const result = render({ template: `${BEGIN}${c.template}${END}`, values: c.values ?? VALUES, ...(c.helpers ? { others: { helpers: c.helpers } } : {}) });
  if (result.parseError) return { error: result.parseError };
  if (result.error) return { error: result.error.message };
  const output = removeAll(result, '<no value>').output;
  return { output: output.slice(BEGIN.length, output.length - END.length) };
}

describe('the template engine renders as helm does', () => {
  const root = mkdtempSync(join(tmpdir(), 'gotemplate-oracle-'));
  const helmResults = new Map<string, HelmResult>();

  beforeAll(async () => {
    const helm = helmBinary();
    // Two at a time: the machine's cores are shared.
    const queue = CASES.map((c, i) => [c, i] as const);
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) helmResults.set(next[0].name, await renderWithHelm(helm, root, next[0], next[1]));
    };
    await Promise.all([worker(), worker()]);
  }, 120_000);

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const expected = helmResults.get(c.name)!;
    const actual = renderWithEngine(c);
    if ('output' in expected) {
      expect(actual).toEqual(expected);
    } else {
      expect('error' in actual, `helm failed with ${expected.error}, the engine rendered ${JSON.stringify(actual)}`).toBe(true);
      expect(expected.error.endsWith((actual as { error: string }).error), `helm: ${expected.error}\nengine: ${(actual as { error: string }).error}`).toBe(true);
    }
  });
});
