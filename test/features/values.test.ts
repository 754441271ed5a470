// Between a chart's templates and its values.yaml: hovers both ways, definition and references,
// and findings that follow an edit of the values.

import { describe, expect, it } from 'vitest';
import { PortolanWorkspace } from '../../server/src/service/workspace';
import { dedent } from '../support/cursor';

const values = dedent(`
  hostNetwork:
    enabled: true
  containerPort: 10250
`);

const template = dedent(`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: {{ .Release.Name }}-metrics
  spec:
    selector:
      matchLabels:
        app: metrics
    template:
      metadata:
        labels:
          app: metrics
      spec:
        hostNetwork: {{ .Values.hostNetwork.enabled }}
        containers:
          - name: metrics-server
            image: registry.k8s.io/metrics-server/metrics-server:v0.7.2
            ports:
              - name: https
                containerPort: {{ .Values.containerPort }}
`);

function chart(valuesText = values): PortolanWorkspace {
  const workspace = new PortolanWorkspace();
  workspace.update({ uri: 'chart/Chart.yaml', text: 'apiVersion: v2\nname: metrics\nversion: 0.1.0\n' });
  workspace.update({ uri: 'chart/values.yaml', text: valuesText });
  workspace.update({ uri: 'chart/templates/deployment.yaml', text: template });
  return workspace;
}

const at = (text: string, needle: string, extra = 0) => text.indexOf(needle) + extra;

describe('templates and their values', () => {
  it('hovers a template action with its value and where it was set', () => {
    const hover = chart().hover('chart/templates/deployment.yaml', at(template, '.Values.hostNetwork'))!;
    expect(hover.markdown).toBe('**`{{ .Values.hostNetwork.enabled }}`** = `true`, set by `hostNetwork.enabled` in [chart/values.yaml:2](chart/values.yaml#L2)');
  });

  it('hovers a port that a value sets with the port, the value and the catalog', () => {
    const hover = chart().hover('chart/templates/deployment.yaml', at(template, '.Values.containerPort'))!;
    expect(hover.markdown.split('\n')[0]).toBe('**Port 10250/TCP bound on the node** — reserved by kubelet on worker nodes.');
    expect(hover.markdown).toContain('**containerPort 10250/TCP** named `https`');
    expect(hover.markdown).toContain('set by `containerPort` in [chart/values.yaml:3](chart/values.yaml#L3)');
    expect(hover.markdown).toContain("Bound on the **node's host network**");
    expect(hover.markdown).toContain('What the catalogs know about 10250');
  });

  it('hovers a values key with every field it flows into and the catalog, not the finding the editor shows', () => {
    const workspace = chart();
    const hover = workspace.hover('chart/values.yaml', at(values, 'containerPort'))!;
    expect(hover.markdown.split('\n')[0]).toBe('**`containerPort` = `10250`**: Port 10250/TCP bound on the node — reserved by kubelet on worker nodes.');
    expect(hover.markdown).toContain('Flows into\n- `containerPort` in [chart/templates/deployment.yaml:');
    expect(hover.markdown).toContain('- **kubelet** 10250/TCP on all nodes (Kubernetes (kubeadm)): Kubelet API');
    expect(workspace.diagnostics('chart/values.yaml').map((d) => d.rule)).toEqual(['host-port-reserved']);
    expect(hover.markdown).not.toContain('host-port-reserved');
    expect(hover.markdown).not.toContain('Findings');
  });

  it('hovers a values key that two ports use with the verdict of each', () => {
    const workspace = chart();
    const podNetwork = template.replace('{{ .Values.hostNetwork.enabled }}', 'false').replace('-metrics', '-web');
    workspace.update({ uri: 'chart/templates/web.yaml', text: podNetwork });
    const hover = workspace.hover('chart/values.yaml', at(values, 'containerPort'))!.markdown;
    expect(hover.split('\n')[0]).toBe('**`containerPort` = `10250`**');
    expect(hover).toContain('deployment.yaml#L20): Port 10250/TCP bound on the node — reserved by kubelet on worker nodes.');
    expect(hover).toContain('web.yaml#L20): Port 10250/TCP in the pod network of Deployment release-name-web — it only shares its number with kubelet on the nodes, no collision.');
  });

  it('goes from a template action to the values key, and back to every use', () => {
    const workspace = chart();
    const [definition] = workspace.definition('chart/templates/deployment.yaml', at(template, '.Values.containerPort'));
    expect(definition?.uri).toBe('chart/values.yaml');
    expect(values.slice(definition!.span.start, definition!.span.end)).toBe('10250');
    const references = workspace.references('chart/values.yaml', at(values, 'containerPort'));
    expect(references.map((r) => template.slice(r.span.start, r.span.end))).toEqual(['{{ .Values.containerPort }}']);
  });

  it('re-checks the templates when the values change', () => {
    const workspace = chart();
    expect(workspace.diagnostics('chart/values.yaml').map((d) => d.rule)).toEqual(['host-port-reserved']);
    workspace.update({ uri: 'chart/values.yaml', text: values.replace('enabled: true', 'enabled: false') });
    expect(workspace.diagnostics('chart/values.yaml')).toEqual([]);
    expect(workspace.diagnostics('chart/templates/deployment.yaml')).toEqual([]);
  });

  it('applies --set style values from the settings', () => {
    const workspace = chart(values.replace('enabled: true', 'enabled: false'));
    expect(workspace.diagnostics('chart/templates/deployment.yaml')).toEqual([]);
    workspace.configure({ ...workspace.settings, helm: { valueFiles: [], set: ['hostNetwork.enabled=true'] } });
    expect(workspace.diagnostics('chart/templates/deployment.yaml').map((d) => d.rule)).toEqual(['host-port-reserved']);
  });
});

describe('files named in messages', () => {
  const line = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

  /** The chart in an editor: files are URIs under a workspace folder (or under none). */
  function inEditor(root: string, folders: string[]): PortolanWorkspace {
    const workspace = new PortolanWorkspace();
    workspace.setFolders(folders);
    workspace.update({ uri: `${root}/metrics/Chart.yaml`, text: 'apiVersion: v2\nname: metrics\nversion: 0.1.0\n' });
    workspace.update({ uri: `${root}/metrics/values.yaml`, text: values });
    workspace.update({ uri: `${root}/metrics/templates/deployment.yaml`, text: template });
    return workspace;
  }

  it('names a file by its path in the workspace folder and a line, never by its URI', () => {
    const root = 'file:///home/me/my%20charts';
    const workspace = inEditor(root, [root]);
    const use = line(template, '{{ .Values.containerPort }}');
    const [onKey] = workspace.diagnostics(`${root}/metrics/values.yaml`);
    expect(onKey!.message).toMatch(new RegExp(`^containerPort = 10250, used by metrics/templates/deployment\\.yaml:${use} \\(Deployment release-name-metrics\\): host-network containerPort 10250/TCP collides`));
    expect([onKey!.message, ...onKey!.related.map((r) => r.message)].join('\n')).not.toContain('file:');

    const keyHover = workspace.hover(`${root}/metrics/values.yaml`, at(values, 'containerPort'))!.markdown;
    expect(keyHover).toContain(`[metrics/templates/deployment.yaml:${use}](${root}/metrics/templates/deployment.yaml#L${use})`);
    const actionHover = workspace.hover(`${root}/metrics/templates/deployment.yaml`, at(template, '.Values.hostNetwork'))!.markdown;
    expect(actionHover).toContain(`in [metrics/values.yaml:2](${root}/metrics/values.yaml#L2)`);
    expect([keyHover, actionHover].join('\n').replace(/\]\([^)]*\)/g, '')).not.toContain('file:');
  });

  it('outside every workspace folder, names a file by its path in its chart', () => {
    const root = 'file:///elsewhere';
    const workspace = inEditor(root, ['file:///home/me/project']);
    const [onKey] = workspace.diagnostics(`${root}/metrics/values.yaml`);
    expect(onKey!.message).toContain(`used by templates/deployment.yaml:${line(template, '{{ .Values.containerPort }}')} `);
  });
});

describe('completion in values.yaml', () => {
  it('completes a key that feeds a host-network containerPort like the field itself', () => {
    const typed = values.replace('containerPort: 10250', 'containerPort: ');
    const workspace = chart(typed);
    const list = workspace.complete('chart/values.yaml', at(typed, 'containerPort: ', 'containerPort: '.length))!;
    const kubelet = list.items.find((item) => item.label === '10250')!;
    expect(kubelet.detail).toMatch(/^⚠ reserved on worker nodes/);
    expect(list.items.some((item) => item.label === '8080' && !item.detail.startsWith('⚠'))).toBe(true);
  });

  it('offers nothing for a key that feeds no port', () => {
    const workspace = chart();
    expect(workspace.complete('chart/values.yaml', at(values, 'enabled: ', 'enabled: '.length))).toBeUndefined();
  });
});

describe('a range over the ports the values list', () => {
  const rangeTemplate = template.replace(
    `          ports:
            - name: https
              containerPort: {{ .Values.containerPort }}`,
    `          ports:
            {{- range .Values.ports }}
            - name: {{ .name }}
              containerPort: {{ .port }}
            {{- end }}`,
  );
  const listValues = 'hostNetwork:\n  enabled: true\nports:\n  - name: http\n    port: 8080\n  - name: kubelet\n    port: 10250\n';

  function workspaceWith(valuesText: string): PortolanWorkspace {
    const workspace = new PortolanWorkspace();
    workspace.update({ uri: 'chart/Chart.yaml', text: 'apiVersion: v2\nname: metrics\nversion: 0.1.0\n' });
    workspace.update({ uri: 'chart/values.yaml', text: valuesText });
    workspace.update({ uri: 'chart/templates/deployment.yaml', text: rangeTemplate });
    return workspace;
  }

  it('yields each port, and puts the finding on the item that causes it', () => {
    const workspace = workspaceWith(listValues);
    const ports = workspace.model('chart/templates/deployment.yaml')!.workloads[0]!.containers[0]!.ports;
    expect(ports.map((p) => p.containerPort?.raw)).toEqual([
      { kind: 'number', value: 8080 },
      { kind: 'number', value: 10250 },
    ]);
    const onTemplate = workspace.diagnostics('chart/templates/deployment.yaml');
    expect(onTemplate.map((d) => d.rule)).toEqual(['host-port-reserved']);
    expect(rangeTemplate.slice(onTemplate[0]!.span.start, onTemplate[0]!.span.end)).toBe('{{ .port }}');
    const onValues = workspace.diagnostics('chart/values.yaml');
    expect(onValues.map((d) => listValues.slice(d.span.start, d.span.end))).toEqual(['10250']);
    expect(onValues[0]!.message).toMatch(/^ports\[1\]\.port = 10250/);
  });

  it('finds two items of one list declaring one port', () => {
    const workspace = workspaceWith(listValues.replace('port: 10250', 'port: 8080').replace('enabled: true', 'enabled: false'));
    expect(workspace.diagnostics('chart/templates/deployment.yaml').map((d) => d.rule)).toEqual(['container-port-overlap']);
  });

  it('yields nothing for an empty list', () => {
    const workspace = workspaceWith('hostNetwork:\n  enabled: true\nports: []\n');
    expect(workspace.model('chart/templates/deployment.yaml')!.workloads[0]!.containers[0]!.ports).toEqual([]);
    expect(workspace.diagnostics('chart/templates/deployment.yaml')).toEqual([]);
  });
});

describe('subcharts', () => {
  it("render with the parent's block for them and its globals, over their own values", () => {
    const workspace = new PortolanWorkspace();
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: sub\nspec:\n  hostNetwork: {{ .Values.global.hostNetwork }}\n  containers:\n    - name: sub\n      image: example.com/sub:1\n      ports:\n        - containerPort: {{ .Values.port }}\n';
    workspace.update({ uri: 'app/Chart.yaml', text: 'apiVersion: v2\nname: app\nversion: 0.1.0\n' });
    workspace.update({ uri: 'app/values.yaml', text: 'global:\n  hostNetwork: true\nsub:\n  port: 10250\n' });
    workspace.update({ uri: 'app/charts/sub/Chart.yaml', text: 'apiVersion: v2\nname: sub\nversion: 0.1.0\n' });
    workspace.update({ uri: 'app/charts/sub/values.yaml', text: 'global:\n  hostNetwork: false\nport: 8080\n' });
    workspace.update({ uri: 'app/charts/sub/templates/pod.yaml', text: pod });
    expect(workspace.diagnostics('app/charts/sub/templates/pod.yaml').map((d) => d.rule)).toEqual(['host-port-reserved']);
    expect(workspace.diagnostics('app/values.yaml').map((d) => d.message.split(',')[0])).toEqual(['sub.port = 10250']);
  });
});

describe('a new size limit', () => {
  it('reads afresh the files it moves across', () => {
    const workspace = new PortolanWorkspace();
    const big = `apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  type: NodePort\n  ports:\n    - port: 80\n      nodePort: 80\n# ${'x'.repeat(2000)}\n`;
    workspace.update({ uri: 'big.yaml', text: big });
    expect(workspace.diagnostics('big.yaml').map((d) => d.rule)).toEqual(['node-port-out-of-range']);
    workspace.configure({ ...workspace.settings, maxFileBytes: 1000 });
    expect(workspace.diagnostics('big.yaml').map((d) => d.rule)).toEqual(['file-too-large']);
    workspace.configure({ ...workspace.settings, maxFileBytes: 5000 });
    expect(workspace.diagnostics('big.yaml').map((d) => d.rule)).toEqual(['node-port-out-of-range']);
  });
});
