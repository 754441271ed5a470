// .Files as Helm's engine.files gives it: Get, GetBytes, Glob (gobwas/glob: `*` within a folder,
// `**` across, `{a,b}`, a bad pattern matching everything), Lines, AsConfig and AsSecrets. The
// expected text is helm v4.1.4's output for the same chart and NOTES.txt.

import { describe, expect, it } from 'vitest';
import { loadChart, renderChart } from '../../server/src/service/helmrender/index';

const NOTES = `BEGIN
GET={{ .Files.Get "files/app.ini" | quote }}
MISSING={{ .Files.Get "nope" | quote }}
BYTES={{ .Files.GetBytes "conf/x.json" }}
GLOB1={{ range $p, $_ := .Files.Glob "files/*" }}{{ $p }};{{ end }}
GLOB2={{ range $p, $_ := .Files.Glob "files/**" }}{{ $p }};{{ end }}
GLOB3={{ range $p, $_ := .Files.Glob "conf/*.{json,txt}" }}{{ $p }};{{ end }}
GLOB4={{ range $p, $_ := .Files.Glob "[" }}{{ $p }};{{ end }}
LINES={{ range .Files.Lines "files/sub/notes.txt" }}[{{ . }}]{{ end }}{{ range .Files.Lines "files/app.ini" }}[{{ . }}]{{ end }}
CONFIG=
{{ (.Files.Glob "conf/*").AsConfig }}
SECRETS=
{{ (.Files.Glob "conf/*").AsSecrets }}
EMPTY={{ (.Files.Glob "none/*").AsConfig }}
END
`;

const HELM = `BEGIN
GET="a=1\\nb=2\\n"
MISSING=""
BYTES=[123 34 107 34 58 32 116 114 117 101 125 10]
GLOB1=files/app.ini;
GLOB2=files/app.ini;files/sub/notes.txt;
GLOB3=conf/x.json;conf/y.txt;
GLOB4=conf/x.json;conf/y.txt;files/app.ini;files/sub/notes.txt;
LINES=[line1][line2][a=1][b=2]
CONFIG=
x.json: |
  {"k": true}
y.txt: |
  multi
  line
SECRETS=
x.json: eyJrIjogdHJ1ZX0K
y.txt: bXVsdGkKbGluZQo=
EMPTY={}
END
`;

describe('.Files', () => {
  it('reads, globs and formats files as helm does', () => {
    const chart = loadChart(
      new Map<string, string>([
        ['Chart.yaml', 'apiVersion: v2\nname: fp\nversion: 0.1.0\n'],
        ['files/app.ini', 'a=1\nb=2\n'],
        ['files/sub/notes.txt', 'line1\nline2'],
        ['conf/x.json', '{"k": true}\n'],
        ['conf/y.txt', 'multi\nline\n'],
        ['templates/NOTES.txt', NOTES],
      ]),
    );
    const r = renderChart(chart, { release: { name: 't', namespace: 'default' } });
    const notes = r.templates.find((t) => t.notes)!;
    expect(notes.error).toBeUndefined();
    expect(notes.output).toBe(HELM);
    expect(r.manifests).toEqual([]);
  });
});
