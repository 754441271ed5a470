// Re-modelling only the documents an edit touched gives the same model as modelling the whole
// file again, whatever the edit: in a document, across a boundary, adding or removing one.

import { describe, expect, it } from 'vitest';
import { buildFileModel, buildFileModelIncrementally } from '../server/src/service/model/extract';
import type { DocumentCache } from '../server/src/service/model/documents';
import { PortolanWorkspace } from '../server/src/service/workspace';
import { checkFiles } from '../server/src/service/index';

function service(i: number): string {
  return `---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s${i}\nspec:\n  type: NodePort\n  selector:\n    app: a${i}\n  ports:\n    - name: http\n      port: 80\n      targetPort: http\n      nodePort: ${30000 + i}\n`;
}

function deployment(i: number): string {
  return `---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: a${i}\nspec:\n  template:\n    metadata:\n      labels:\n        app: a${i}\n    spec:\n      containers:\n        - name: c\n          image: example.com/a:${i}\n          ports:\n            - name: http\n              containerPort: ${8000 + i}\n              hostPort: ${9000 + i}\n`;
}

const base = Array.from({ length: 12 }, (_, i) => (i % 2 ? service(i) : deployment(i))).join('');

const edits: [string, (text: string) => string][] = [
  ['a digit inside a document', (t) => t.replace('nodePort: 30005', 'nodePort: 30015')],
  ['a line added near the top', (t) => t.replace('name: a0\n', 'name: a0\n  namespace: shop\n')],
  ['a document removed', (t) => t.replace(service(3), '')],
  ['a document added at the end', (t) => t + service(20)],
  ['two documents merged by deleting a marker', (t) => t.replace(/\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s7/, '\napiVersion: v1\nkind: Service\nmetadata:\n  name: s7')],
  ['a broken document', (t) => t.replace('  ports:\n    - name: http\n      port: 80', '  ports:\n    - name: http\n     port: 80')],
];

describe('modelling documents incrementally', () => {
  it.each(edits)('matches a full re-model after %s', (_, edit) => {
    const first = buildFileModelIncrementally({ uri: 'big.yaml', text: base }, undefined);
    expect(first.cache).toBeDefined();
    const edited = edit(base);
    expect(edited).not.toBe(base);
    const again = buildFileModelIncrementally({ uri: 'big.yaml', text: edited }, first.cache as DocumentCache);
    expect(again.model).toEqual(buildFileModel({ uri: 'big.yaml', text: edited }));
  });

  it('gives the workspace the same findings as a fresh one after edits', () => {
    const editing = new PortolanWorkspace();
    let text = base;
    editing.update({ uri: 'big.yaml', text });
    for (const [, edit] of edits) {
      text = edit(text);
      editing.update({ uri: 'big.yaml', text });
      const fresh = new PortolanWorkspace();
      fresh.update({ uri: 'big.yaml', text });
      expect(editing.diagnostics('big.yaml')).toEqual(fresh.diagnostics('big.yaml'));
    }
  });
});

describe('cross-file rules kept up to date edit by edit', () => {
  const files: Record<string, string> = {
    'a.yaml': deployment(1) + service(1),
    'b.yaml': deployment(2).replace('hostPort: 9002', 'hostPort: 9001') + service(2).replace('nodePort: 30002', 'nodePort: 30001'),
    'c.yaml': service(3).replace('app: a3', 'app: a1').replace('targetPort: http', 'targetPort: web'),
    'd.yaml': `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: i\nspec:\n  rules:\n    - http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service:\n                name: s1\n                port:\n                  name: web\n`,
  };
  const steps: [string, string | undefined | ((text: string) => string)][] = [
    ['b.yaml', (t) => t.replace('hostPort: 9001', 'hostPort: 9005')],
    ['a.yaml', (t) => t.replace('name: http\n              containerPort', 'name: web\n              containerPort')],
    ['c.yaml', (t) => t.replace('app: a1', 'app: a2')],
    ['a.yaml', (t) => t.replace('- name: http\n      port: 80', '- name: web\n      port: 80')],
    ['e.yaml', () => service(9).replace('nodePort: 30009', 'nodePort: 30001')],
    ['b.yaml', undefined],
    ['a.yaml', (t) => t.replace('app: a1\n    spec', 'app: other\n    spec')],
  ];

  it('gives what a check of all the files from scratch gives, after every edit', () => {
    const workspace = new PortolanWorkspace();
    const current = new Map(Object.entries(files));
    for (const [uri, text] of current) workspace.update({ uri, text });
    const flatten = () => [...workspace.allDiagnostics().values()].flat().map((d) => `${d.uri}@${d.span.start} ${d.rule}: ${d.message} ${JSON.stringify(d.related)}`).sort();
    const fresh = () => {
      const scratch = new PortolanWorkspace();
      for (const [uri, text] of current) scratch.update({ uri, text });
      return [...scratch.allDiagnostics().values()].flat().map((d) => `${d.uri}@${d.span.start} ${d.rule}: ${d.message} ${JSON.stringify(d.related)}`).sort();
    };
    const batch = () => checkFiles([...current].map(([uri, text]) => ({ uri, text }))).map((d) => `${d.uri}@${d.span.start} ${d.rule}: ${d.message} ${JSON.stringify(d.related)}`).sort();
    expect(flatten()).toEqual(batch());
    expect(flatten().some((line) => line.includes('host-port-conflict'))).toBe(true);
    for (const [uri, step] of steps) {
      if (step === undefined) {
        current.delete(uri);
        workspace.remove(uri);
      } else {
        const text = typeof step === 'function' ? step(current.get(uri) ?? '') : step;
        current.set(uri, text);
        workspace.update({ uri, text });
      }
      expect(flatten(), `after editing ${uri}`).toEqual(batch());
      expect(flatten()).toEqual(fresh());
    }
  });
});

describe('cross-file rules checked again only where an edit reaches', () => {
  it('keep the findings of the groups whose documents the edit left alone, and follow the others', () => {
    // big.yaml's first document binds hostPort 9000, as other.yaml's Deployment does.
    const workspace = new PortolanWorkspace();
    let big = base;
    const other = deployment(0).replace('name: a0', 'name: other');
    workspace.update({ uri: 'big.yaml', text: big });
    workspace.update({ uri: 'other.yaml', text: other });
    const conflict = workspace.allDiagnostics().get('other.yaml');
    expect(conflict?.map((d) => d.rule)).toEqual(['host-port-conflict']);
    const fresh = () => {
      const scratch = new PortolanWorkspace();
      scratch.update({ uri: 'big.yaml', text: big });
      scratch.update({ uri: 'other.yaml', text: other });
      return [...scratch.allDiagnostics()].sort(([a], [b]) => a.localeCompare(b));
    };
    // An edit in another document of big.yaml: the conflict is the very list it was.
    big = big.replace('nodePort: 30005', 'nodePort: 30015');
    workspace.update({ uri: 'big.yaml', text: big });
    expect(workspace.allDiagnostics().get('other.yaml')).toBe(conflict);
    expect([...workspace.allDiagnostics()].sort(([a], [b]) => a.localeCompare(b))).toEqual(fresh());
    // An edit in the document that binds the port: the conflict goes.
    big = big.replace('hostPort: 9000', 'hostPort: 9100');
    workspace.update({ uri: 'big.yaml', text: big });
    expect(workspace.allDiagnostics().get('other.yaml')).toBeUndefined();
    expect([...workspace.allDiagnostics()].sort(([a], [b]) => a.localeCompare(b))).toEqual(fresh());
  });
});

describe('findings gathered by file edit by edit', () => {
  // Each step leaves some findings as they were and changes others: the gathering keeps the
  // first and lists again only the files whose findings came or went.
  const steps: [string, (w: PortolanWorkspace, files: Map<string, string>) => void][] = [
    ['a conflict made', (w, f) => edit(w, f, 'b.yaml', (t) => t.replace('hostPort: 9002', 'hostPort: 9001'))],
    ['a document broken', (w, f) => edit(w, f, 'c.yaml', (t) => t.replace('  ports:\n    - name: http\n      port: 80', '  ports:\n    - name: http\n     port: 80'))],
    ['a file without findings added', (w, f) => edit(w, f, 'd.yaml', () => deployment(7))],
    ['the document fixed', (w, f) => edit(w, f, 'c.yaml', (t) => t.replace('\n     port: 80', '\n      port: 80'))],
    ['a rule turned off', (w) => w.configure({ ...w.settings, rules: { 'host-port-conflict': 'off' } })],
    ['a file with findings removed', (w, f) => {
      f.delete('a.yaml');
      w.remove('a.yaml');
    }],
    ['the rule on again', (w) => w.configure({ ...w.settings, rules: {} })],
    ['the file back', (w, f) => edit(w, f, 'a.yaml', () => deployment(1) + service(1))],
    ['the conflict undone', (w, f) => edit(w, f, 'b.yaml', (t) => t.replace('hostPort: 9001', 'hostPort: 9002'))],
  ];
  function edit(w: PortolanWorkspace, files: Map<string, string>, uri: string, change: (text: string) => string): void {
    files.set(uri, change(files.get(uri) ?? ''));
    w.update({ uri, text: files.get(uri)! });
  }
  const byFile = (w: PortolanWorkspace) => [...w.allDiagnostics()].sort(([a], [b]) => a.localeCompare(b)).map(([uri, list]) => [uri, list.map((d) => `${d.rule} ${d.span.start}-${d.span.end} ${d.severity} ${d.message}`)]);

  it.each(['each', 'per-document'] as const)('equal a fresh workspace after every step, with parse errors shown %s', (parseErrors) => {
    const files = new Map([
      ['a.yaml', deployment(1) + service(1)],
      ['b.yaml', deployment(2) + service(2).replace('nodePort: 30002', 'nodePort: 30001')],
      ['c.yaml', service(3)],
    ]);
    const editing = new PortolanWorkspace(undefined, undefined, { parseErrors });
    for (const [uri, text] of files) editing.update({ uri, text });
    editing.allDiagnostics();
    for (const [what, step] of steps) {
      step(editing, files);
      const fresh = new PortolanWorkspace(editing.settings, undefined, { parseErrors });
      for (const [uri, text] of files) fresh.update({ uri, text });
      expect(byFile(editing), what).toEqual(byFile(fresh));
    }
  });
});

describe('a chart rendered again edit by edit', () => {
  const chart: Record<string, string> = {
    'c/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n',
    'c/values.yaml': 'port: 9001\nagents: [a, b]\n',
    'c/templates/_helpers.tpl': '{{- define "c.labels" -}}\napp: c\n{{- end }}\n',
    'c/templates/agent.yaml': `{{- range .Values.agents }}\n---\napiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: {{ . }}\nspec:\n  template:\n    metadata:\n      labels:\n        {{- include "c.labels" $ | nindent 8 }}\n    spec:\n      containers:\n        - name: c\n          image: example.com/{{ . }}:1\n          ports:\n            - containerPort: 8080\n              hostPort: {{ $.Values.port }}\n{{- end }}\n`,
    'c/templates/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: c\nspec:\n  type: NodePort\n  selector:\n    app: c\n  ports:\n    - port: 80\n      targetPort: 8080\n      nodePort: 30001\n',
  };
  // Each step changes one file: a template alone (rendered again alone), a helper, values.
  const steps: [string, string, (text: string) => string][] = [
    ['a template edited', 'c/templates/service.yaml', (t) => t.replace('nodePort: 30001', 'nodePort: 8080')],
    ['the template fixed', 'c/templates/service.yaml', (t) => t.replace('nodePort: 8080', 'nodePort: 30002')],
    ['a template that stops parsing', 'c/templates/agent.yaml', (t) => t.replace('{{ . }}:1', '{{ . :1')],
    ['the template parses again', 'c/templates/agent.yaml', (t) => t.replace('{{ . :1', '{{ . }}:1')],
    ['a template that fails to render', 'c/templates/service.yaml', (t) => t.replace('name: c\nspec', 'name: {{ .Values.missing.name }}\nspec')],
    ['the template renders again', 'c/templates/service.yaml', (t) => t.replace('{{ .Values.missing.name }}', 'c')],
    ['a helper edited', 'c/templates/_helpers.tpl', (t) => t.replace('app: c', 'app: d')],
    ['a value edited', 'c/values.yaml', (t) => t.replace('port: 9001', 'port: 10250')],
    ['a template that starts to define a helper', 'c/templates/service.yaml', (t) => `{{- define "c.extra" }}x{{ end }}\n${t}`],
  ];

  // A chart whose dependency is missing from charts/ (a checkout before `helm dependency build`):
  // its finding on Chart.yaml counts the templates that fail without it.
  const withoutDependency = {
    ...chart,
    'c/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\ndependencies:\n  - name: dep\n    version: 1.0.0\n    repository: https://example.com/charts\n',
  };
  const needingDependency: [string, string, (text: string) => string][] = [
    ['a template that starts to need the missing dependency', 'c/templates/service.yaml', (t) => t.replace('name: c\nspec', 'name: {{ include "dep.name" . }}\nspec')],
    ['a template edited while it needs it', 'c/templates/service.yaml', (t) => t.replace('nodePort: 30002', 'nodePort: 30003')],
    ['the template no longer needs it', 'c/templates/service.yaml', (t) => t.replace('{{ include "dep.name" . }}', 'c')],
  ];

  // A chart where another template fails under the defaults, inside a helper (the finding stands
  // in the helper's file): what that template's execution found stands while others are edited.
  const withFailingTemplate: Record<string, string> = {
    ...chart,
    'c/templates/_helpers.tpl': `${chart['c/templates/_helpers.tpl']}{{- define "c.name" -}}\n{{ required "a name is required" .Values.name }}\n{{- end }}\n{{- define "c.port" -}}\n{{ required "a port is required" .Values.servicePort }}\n{{- end }}\n`,
    'c/templates/config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ include "c.name" . }}\n',
  };
  const failingInTheHelper: [string, string, (text: string) => string][] = [
    ['a template that starts to fail in the same helper', 'c/templates/service.yaml', (t) => t.replace('name: c\nspec', 'name: {{ include "c.name" . }}\nspec')],
    ['a template edited while it fails there', 'c/templates/service.yaml', (t) => t.replace('nodePort: 30001', 'nodePort: 30003')],
    ['the template fails in another helper instead', 'c/templates/service.yaml', (t) => t.replace('{{ include "c.name" . }}', 'c').replace('port: 80', 'port: {{ include "c.port" . }}')],
    ['the template no longer fails', 'c/templates/service.yaml', (t) => t.replace('{{ include "c.port" . }}', '80')],
  ];

  it.each([
    ['its dependencies present', chart, steps],
    ['a dependency missing', withoutDependency, [...steps, ...needingDependency]],
    ['another template failing in a helper', withFailingTemplate, [...failingInTheHelper, ...steps]],
  ])('gives after each edit what a fresh workspace gives, with %s', (_, initial, edits) => {
    const files: Record<string, string> = { ...initial };
    const editing = new PortolanWorkspace();
    for (const [uri, text] of Object.entries(files)) editing.update({ uri, text });
    editing.allDiagnostics();
    for (const [what, uri, edit] of edits) {
      files[uri] = edit(files[uri]!);
      editing.update({ uri, text: files[uri]! });
      const fresh = new PortolanWorkspace();
      for (const [u, text] of Object.entries(files)) fresh.update({ uri: u, text });
      const shown = (w: PortolanWorkspace) => [...w.allDiagnostics()].sort(([a], [b]) => a.localeCompare(b)).map(([u, list]) => [u, list.map((d) => `${d.rule} ${d.span.start}-${d.span.end} ${d.message}`)]);
      expect(shown(editing), what).toEqual(shown(fresh));
      expect(editing.rendered('c/templates/service.yaml')?.output, what).toEqual(fresh.rendered('c/templates/service.yaml')?.output);
    }
  });

  it('keeps the very model of a template a values edit does not reach', () => {
    const editing = new PortolanWorkspace();
    for (const [uri, text] of Object.entries(chart)) editing.update({ uri, text });
    editing.allDiagnostics();
    const [service, agent] = [editing.model('c/templates/service.yaml'), editing.model('c/templates/agent.yaml')];
    editing.update({ uri: 'c/values.yaml', text: chart['c/values.yaml']!.replace('port: 9001', 'port: 9002') });
    editing.allDiagnostics();
    expect(editing.model('c/templates/service.yaml')).toBe(service);
    expect(editing.model('c/templates/agent.yaml')).not.toBe(agent);
  });

  it('renders an edited template alone while another fails under the defaults', () => {
    const editing = new PortolanWorkspace();
    for (const [uri, text] of Object.entries(withFailingTemplate)) editing.update({ uri, text });
    const helperFindings = editing.allDiagnostics().get('c/templates/_helpers.tpl');
    expect(helperFindings?.map((d) => d.rule)).toEqual(['template-value-required']);
    editing.update({ uri: 'c/templates/service.yaml', text: withFailingTemplate['c/templates/service.yaml']!.replace('nodePort: 30001', 'nodePort: 30002') });
    // Rendered whole, the chart would have found the helper's failure again, as a new finding.
    expect(editing.allDiagnostics().get('c/templates/_helpers.tpl')).toBe(helperFindings);
  });
});
