// A workspace's charts as the checker and the editor see them: a packaged subchart's findings
// shown on its archive, a missing dependency on Chart.yaml with the rest of the chart checked, a
// chart's files outside templates/ never read as manifests.

import { describe, expect, it } from 'vitest';
import { PortolanWorkspace } from '../../server/src/service/workspace';
import { tgz } from '../helmrender/support';
import { BUILTIN_PLATFORMS, defaultSettings } from '../../server/src/service/index';

const CHART = 'apiVersion: v2\nname: app\nversion: 1.0.0\n';

function workspaceOf(files: Record<string, string | Uint8Array>): PortolanWorkspace {
  const workspace = new PortolanWorkspace();
  for (const [uri, content] of Object.entries(files)) {
    workspace.update(typeof content === 'string' ? { uri, text: content } : { uri, text: '', bytes: content });
  }
  return workspace;
}

const daemonSet = (port: string) => `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: {{ .Release.Name }}-agent
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
        - name: agent
          image: example.com/agent:1.0
          ports:
            - containerPort: 8080
              hostPort: ${port}
`;

describe('charts in a workspace', () => {
  it("shows a packaged subchart's finding on its archive, naming the template inside", () => {
    const agent = tgz('agent', { 'Chart.yaml': 'apiVersion: v2\nname: agent\nversion: 0.3.0\n', 'values.yaml': 'hostPort: 10250\n', 'templates/daemonset.yaml': daemonSet('{{ .Values.hostPort }}') });
    const workspace = workspaceOf({ 'app/Chart.yaml': `${CHART}dependencies:\n  - name: agent\n    version: 0.3.0\n`, 'app/charts/agent-0.3.0.tgz': agent });
    const [finding, ...rest] = workspace.diagnostics('app/charts/agent-0.3.0.tgz');
    expect(rest).toEqual([]);
    expect(finding!.rule).toBe('host-port-reserved');
    expect(finding!.message).toMatch(/^templates\/daemonset\.yaml in charts\/agent-0\.3\.0\.tgz: hostPort 10250\/TCP collides/);
    expect(finding!.span).toEqual({ start: 0, end: 0 });
    // The parent's values reach the subchart: a free port there, and the finding goes.
    workspace.update({ uri: 'app/values.yaml', text: 'agent:\n  hostPort: 18080\n' });
    expect(workspace.diagnostics('app/charts/agent-0.3.0.tgz')).toEqual([]);
  });

  it('checks the rest of a chart whose dependency is missing, and says so on Chart.yaml', () => {
    const workspace = workspaceOf({ 'app/Chart.yaml': `${CHART}dependencies:\n  - name: redis\n    version: 1.x.x\n`, 'app/templates/agent.yaml': daemonSet('10250') });
    expect(workspace.diagnostics('app/Chart.yaml').map((d) => [d.rule, d.severity])).toEqual([['chart-dependency-missing', 'information']]);
    expect(workspace.diagnostics('app/templates/agent.yaml').map((d) => d.rule)).toEqual(['host-port-reserved']);
  });

  it("reads a chart's files/, ci/ and examples as data, never as manifests", () => {
    const manifest = daemonSet('10250').replace('{{ .Release.Name }}', 'x');
    const workspace = workspaceOf({ 'app/Chart.yaml': CHART, 'app/files/agent.yaml': manifest, 'app/examples/agent.yaml': manifest, 'app/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  agent.yaml: {{ .Files.Get "files/agent.yaml" | quote }}\n' });
    expect([...workspace.allDiagnostics().values()].flat()).toEqual([]);
    // The same file outside the chart is a manifest.
    workspace.update({ uri: 'agent.yaml', text: manifest });
    expect(workspace.diagnostics('agent.yaml').map((d) => d.rule)).toEqual(['host-port-reserved']);
  });

  it('renders a template again when its chart gains a Chart.yaml, and reads it as plain YAML when it loses it', () => {
    const workspace = workspaceOf({ 'app/templates/agent.yaml': daemonSet('10250') });
    expect(workspace.diagnostics('app/templates/agent.yaml').map((d) => d.rule)).toEqual(['template-not-analysed']);
    workspace.update({ uri: 'app/Chart.yaml', text: CHART });
    expect(workspace.diagnostics('app/templates/agent.yaml').map((d) => d.rule)).toEqual(['host-port-reserved']);
    workspace.remove('app/Chart.yaml');
    expect(workspace.diagnostics('app/templates/agent.yaml').map((d) => d.rule)).toEqual(['template-not-analysed']);
  });
});

describe('a values file the settings name, outside the chart', () => {
  it('renders the chart again when it changes', () => {
    const settings = { ...defaultSettings(BUILTIN_PLATFORMS), helm: { valueFiles: ['env/prod.yaml'], set: [] } };
    const workspace = new PortolanWorkspace(settings);
    workspace.update({ uri: 'app/Chart.yaml', text: CHART });
    workspace.update({ uri: 'app/templates/agent.yaml', text: daemonSet('{{ .Values.hostPort }}') });
    workspace.update({ uri: 'env/prod.yaml', text: 'hostPort: 18080\n' });
    expect(workspace.diagnostics('app/templates/agent.yaml')).toEqual([]);
    workspace.update({ uri: 'env/prod.yaml', text: 'hostPort: 10250\n' });
    expect(workspace.diagnostics('app/templates/agent.yaml').map((d) => d.rule)).toEqual(['host-port-reserved']);
    expect(workspace.diagnostics('env/prod.yaml').map((d) => d.rule)).toEqual(['host-port-reserved']);
  });
});
