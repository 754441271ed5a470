import { describe, expect, it } from 'vitest';
import type { CodeAction } from '../../server/src/service/features/codeActions';
import { closestName } from '../../server/src/service/features/codeActions';
import type { Settings } from '../../server/src/service/index';
import type { PortolanWorkspace } from '../../server/src/service/workspace';
import { workspaceWithCursor } from '../support/cursor';

function actionsAt(files: Record<string, string>, settings: Partial<Settings> = {}) {
  const { workspace, uri, offset, text } = workspaceWithCursor(files, settings);
  return { actions: workspace.codeActions(uri, { start: offset, end: offset }), text, workspace, uri };
}

/** The text after applying an action's edits (all in one file). */
function apply(text: string, action: CodeAction): string {
  const uris = new Set(action.edits.map((e) => e.uri));
  expect(uris.size, 'edits in one file').toBe(1);
  return applyTo(text, action.edits);
}

function applyTo(text: string, edits: CodeAction['edits']): string {
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start);
  return sorted.reduce((out, e) => out.slice(0, e.span.start) + e.newText + out.slice(e.span.end), text);
}

/** Applies an action's edits (in any files) to the workspace; returns the files it changed, as text. */
function applyAll(workspace: PortolanWorkspace, action: CodeAction): Record<string, string> {
  const changed: Record<string, string> = {};
  for (const uri of new Set(action.edits.map((e) => e.uri))) {
    const file = workspace.file(uri)!;
    changed[uri] = applyTo(file.text, action.edits.filter((e) => e.uri === uri));
    workspace.update({ ...file, text: changed[uri] });
  }
  return changed;
}

const rules = (workspace: PortolanWorkspace) => workspace.uris().flatMap((uri) => workspace.diagnostics(uri).map((d) => `${uri} ${d.rule}`));

const daemonSet = (ports: string, extra = '') => `
  apiVersion: apps/v1
  kind: DaemonSet
  metadata:
    name: agent
  spec:
    selector:
      matchLabels:
        app: agent
    template:
      metadata:
        labels:
          app: agent
      spec:${extra}
        containers:
          - name: agent
            image: example.com/agent:1.0
            ports:
${ports}
`;

describe('quick fixes', () => {
  it('moves a reserved hostPort to the nearest free port', () => {
    // 10248-10250 are the kubelet's, 10249 kube-proxy's: the nearest free one above is 10251.
    const { actions, text } = actionsAt({
      'agent.yaml': daemonSet(`
              - containerPort: 8080
                hostPort: 102$050`),
    });
    expect(actions.map((a) => a.title)).toEqual(['Change hostPort to 10251, the nearest free port']);
    expect(actions[0]!.diagnostic?.rule).toBe('host-port-reserved');
    expect(apply(text, actions[0]!)).toContain('hostPort: 10251');
  });

  it('moves a hostPort off a port another workload binds on the same nodes', () => {
    const other = daemonSet(`
              - containerPort: 9400
                hostPort: 9400`).replace('name: agent', 'name: other');
    const { actions, text } = actionsAt({
      'other.yaml': other,
      'agent.yaml': daemonSet(`
              - containerPort: 9400
                hostPort: 94$000
              - containerPort: 9401
                hostPort: 9401`),
    });
    expect(apply(text, actions[0]!)).toContain('hostPort: 9399');
  });

  it('moves a conflicting nodePort to the nearest free one in the range', () => {
    const service = (name: string, nodePort: string) => `
      apiVersion: v1
      kind: Service
      metadata:
        name: ${name}
      spec:
        type: NodePort
        ports:
          - port: 80
            nodePort: ${nodePort}
    `;
    const { actions, text } = actionsAt({ 'a.yaml': service('a', '30080'), 'c.yaml': service('c', '30081'), 'b.yaml': service('b', '300$080') });
    expect(actions[0]!.title).toBe('Change nodePort to 30079, the nearest free one');
    expect(apply(text, actions[0]!)).toContain('nodePort: 30079');
  });

  it('brings a nodePort outside the range inside it', () => {
    const { actions } = actionsAt({
      'svc.yaml': `
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        spec:
          type: NodePort
          ports:
            - port: 80
              nodePort: 80$080
      `,
    });
    expect(actions[0]!.title).toBe('Change nodePort to 30000, the nearest free one');
  });

  it('uses the declared name for a misspelt targetPort', () => {
    const { actions, text } = actionsAt({
      'agent.yaml': daemonSet(`
              - containerPort: 8080
                name: http
              - containerPort: 9090
                name: metrics`),
      'svc.yaml': `
        apiVersion: v1
        kind: Service
        metadata:
          name: agent
        spec:
          selector:
            app: agent
          ports:
            - port: 80
              targetPort: ht$0p
      `,
    });
    expect(actions.map((a) => a.title)).toEqual(['Change to "http", the declared port name']);
    expect(apply(text, actions[0]!)).toContain('targetPort: http\n');
  });

  it('removes the hostPort a host-network pod does not need', () => {
    const { actions, text } = actionsAt({
      'agent.yaml': daemonSet(
        `
              - containerPort: 9400
                host$0Port: 9400
                name: metrics`,
        '\n        hostNetwork: true',
      ),
    });
    expect(actions.map((a) => a.title)).toEqual(['Remove hostPort: a host-network pod binds its containerPort on the node anyway']);
    const fixed = apply(text, actions[0]!);
    expect(fixed).not.toContain('hostPort');
    expect(fixed).toMatch(/- containerPort: 9400\n\s+name: metrics/);
  });

  it('offers nothing where nothing is wrong', () => {
    const { actions } = actionsAt({
      'agent.yaml': daemonSet(`
              - containerPort: 8080
                hostPort: 18$0080`),
    });
    expect(actions).toEqual([]);
  });

  it('picks a name only when one is clearly meant', () => {
    expect(closestName('htp', ['http', 'https'])).toBe('http');
    expect(closestName('metric', ['metrics', 'http'])).toBe('metrics');
    expect(closestName('grpc', ['http', 'metrics'])).toBeUndefined();
    expect(closestName('htt', ['http', 'htts'])).toBeUndefined();
  });
});

const chart = { 'chart/Chart.yaml': 'apiVersion: v2\nname: agent\nversion: 0.1.0\n' };

const chartDaemonSet = (ports: string, extra = '') => `
  apiVersion: apps/v1
  kind: DaemonSet
  metadata:
    name: {{ .Release.Name }}-agent
  spec:
    selector:
      matchLabels:
        app: agent
    template:
      metadata:
        labels:
          app: agent
      spec:${extra}
        containers:
          - name: agent
            image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
            ports:
${ports}
`;

const agentValues = `
  image:
    repository: example.com/agent
    tag: "1.0"
  hostPort: 10250
`;

describe('quick fixes on values a chart sets', () => {
  it('changes the values key that set a hostPort, not the template action', () => {
    const { actions, text, workspace } = actionsAt({
      ...chart,
      'chart/values.yaml': agentValues,
      'chart/templates/daemonset.yaml': chartDaemonSet(`
              - containerPort: 8080
                hostPort: {{ .Values.host$0Port }}`),
    });
    expect(actions.map((a) => a.title)).toEqual(['Change hostPort to 10251, the nearest free port (in chart/values.yaml: hostPort)']);
    expect(actions[0]!.edits.map((e) => e.uri)).toEqual(['chart/values.yaml']);
    const changed = applyAll(workspace, actions[0]!);
    expect(changed['chart/values.yaml']).toContain('hostPort: 10251\n');
    expect(workspace.file('chart/templates/daemonset.yaml')!.text).toBe(text);
    expect(rules(workspace)).toEqual([]);
  });

  it('changes the key in the values file the value was read from', () => {
    const { actions, workspace } = actionsAt(
      {
        ...chart,
        'chart/values.yaml': agentValues.replace('hostPort: 10250', 'hostPort: 18080'),
        'chart/values-prod.yaml': `
          # Production nodes: the port the old agent used.
          hostPort: 10250
        `,
        'chart/templates/daemonset.yaml': chartDaemonSet(`
              - containerPort: 8080
                hostPort: {{ .Values.host$0Port }}`),
      },
      { helm: { valueFiles: ['values-prod.yaml'], set: [] } },
    );
    expect(actions.map((a) => a.title)).toEqual(['Change hostPort to 10251, the nearest free port (in chart/values-prod.yaml: hostPort)']);
    const changed = applyAll(workspace, actions[0]!);
    expect(Object.keys(changed)).toEqual(['chart/values-prod.yaml']);
    expect(changed['chart/values-prod.yaml']).toContain('hostPort: 10251\n');
    expect(workspace.file('chart/values.yaml')!.text).toContain('hostPort: 18080');
    expect(rules(workspace)).toEqual([]);
  });

  it('offers the same fix on the values key the finding is repeated on', () => {
    const { actions, workspace } = actionsAt({
      ...chart,
      'chart/values.yaml': agentValues.replace('hostPort: 10250', 'hostPort: 102$050'),
      'chart/templates/daemonset.yaml': chartDaemonSet(`
              - containerPort: 8080
                hostPort: {{ .Values.hostPort }}`),
    });
    expect(actions.map((a) => a.title)).toEqual(['Change hostPort to 10251, the nearest free port (in chart/values.yaml: hostPort)']);
    expect(actions[0]!.diagnostic?.uri).toBe('chart/values.yaml');
    expect(applyAll(workspace, actions[0]!)['chart/values.yaml']).toContain('hostPort: 10251\n');
    expect(rules(workspace)).toEqual([]);
  });

  it('keeps the quotes of a quoted value', () => {
    const { actions, workspace } = actionsAt({
      ...chart,
      'chart/values.yaml': agentValues.replace('hostPort: 10250', "hostPort: '10250'"),
      'chart/templates/daemonset.yaml': chartDaemonSet(`
              - containerPort: 8080
                hostPort: {{ .Values.host$0Port }}`),
    });
    expect(applyAll(workspace, actions[0]!)['chart/values.yaml']).toContain("hostPort: '10251'\n");
  });

  it('changes a nodePort and a misspelt targetPort name where the values set them', () => {
    const files = {
      ...chart,
      'chart/values.yaml': `
        image:
          repository: example.com/agent
          tag: "1.0"
        service:
          nodePort: 80
          targetPort: htp
      `,
      'chart/templates/daemonset.yaml': chartDaemonSet(`
              - containerPort: 8080
                name: http`),
      'chart/templates/service.yaml': `
        apiVersion: v1
        kind: Service
        metadata:
          name: {{ .Release.Name }}-agent
        spec:
          type: NodePort
          selector:
            app: agent
          ports:
            - port: 80
              targetPort: {{ .Values.service.targetPort }}
              nodePort: {{ .Values.service.nodePort }}
      `,
    };
    const atNodePort = actionsAt({ ...files, 'chart/templates/service.yaml': files['chart/templates/service.yaml'].replace('.nodePort', '.node$0Port') });
    expect(atNodePort.actions.map((a) => a.title)).toEqual(['Change nodePort to 30000, the nearest free one (in chart/values.yaml: service.nodePort)']);
    expect(applyAll(atNodePort.workspace, atNodePort.actions[0]!)['chart/values.yaml']).toContain('nodePort: 30000\n');

    const atName = actionsAt({ ...files, 'chart/templates/service.yaml': files['chart/templates/service.yaml'].replace('.targetPort', '.target$0Port') });
    expect(atName.actions.map((a) => a.title)).toEqual(['Change to "http", the declared port name (in chart/values.yaml: service.targetPort)']);
    expect(applyAll(atName.workspace, atName.actions[0]!)['chart/values.yaml']).toContain('targetPort: http\n');
    expect(rules(atName.workspace).filter((r) => r.includes('target-port-unresolved'))).toEqual([]);
  });

  it('offers nothing for a value set by --set or made up of more than one value', () => {
    const template = (hostPort: string) =>
      chartDaemonSet(`
              - containerPort: 8080
                hostPort: ${hostPort}`);
    const fromSet = actionsAt(
      { ...chart, 'chart/values.yaml': agentValues, 'chart/templates/daemonset.yaml': template('{{ .Values.host$0Port }}') },
      { helm: { valueFiles: [], set: ['hostPort=10249'] } },
    );
    expect(fromSet.workspace.diagnostics('chart/templates/daemonset.yaml').map((d) => d.rule)).toEqual(['host-port-reserved']);
    expect(fromSet.actions).toEqual([]);
    const pieced = actionsAt({ ...chart, 'chart/values.yaml': agentValues.replace('hostPort: 10250', 'prefix: 102'), 'chart/templates/daemonset.yaml': template('{{ .Values.pre$0fix }}50') });
    expect(pieced.workspace.diagnostics('chart/templates/daemonset.yaml').map((d) => d.rule)).toEqual(['host-port-reserved']);
    expect(pieced.actions).toEqual([]);
  });
});

describe('quick fixes on a host-network pod', () => {
  const hostNetwork = '\n        hostNetwork: true';

  it('moves containerPort and hostPort together', () => {
    const other = daemonSet(`
              - containerPort: 9400
                hostPort: 9400`).replace('name: agent', 'name: other');
    const { actions, workspace } = actionsAt({
      'other.yaml': other,
      'agent.yaml': daemonSet(
        `
              - containerPort: 9400
                hostPort: 94$000
                name: metrics`,
        hostNetwork,
      ),
    });
    expect(actions[0]!.title).toBe('Change containerPort and hostPort to 9401, the nearest free port (the container must listen on 9401 too)');
    const fixed = applyAll(workspace, actions[0]!)['agent.yaml']!;
    expect(fixed).toMatch(/- containerPort: 9401\n\s+hostPort: 9401\n/);
    expect(rules(workspace)).toEqual([]);
  });

  it('moves a host-network containerPort, and the probes and Service targetPorts that use its number', () => {
    const { actions, workspace } = actionsAt({
      'other.yaml': daemonSet(`
              - containerPort: 9400
                hostPort: 9400`).replace(/agent/g, 'other'),
      'agent.yaml': `
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: agent
        spec:
          selector:
            matchLabels:
              app: agent
          template:
            metadata:
              labels:
                app: agent
            spec:
              hostNetwork: true
              containers:
                - name: agent
                  image: example.com/agent:1.0
                  ports:
                    - containerPort: 94$000
                      name: metrics
                  readinessProbe:
                    httpGet:
                      path: /healthz
                      port: 9400
                  livenessProbe:
                    httpGet:
                      path: /healthz
                      port: metrics
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: agent-metrics
        spec:
          selector:
            app: agent
          ports:
            - name: by-number
              port: 80
              targetPort: 9400
            - name: by-name
              port: 81
              targetPort: metrics
            - name: by-default
              port: 9400
      `,
    });
    expect(actions[0]!.title).toBe(
      "Change containerPort to 9401, the nearest free port, with the readinessProbe port and the targetPorts of Service agent-metrics (the container must listen on 9401 too)",
    );
    const fixed = applyAll(workspace, actions[0]!)['agent.yaml']!;
    expect(fixed).toContain('- containerPort: 9401\n');
    expect(fixed).toMatch(/readinessProbe:\n\s+httpGet:\n\s+path: \/healthz\n\s+port: 9401\n/);
    expect(fixed).toMatch(/livenessProbe:\n\s+httpGet:\n\s+path: \/healthz\n\s+port: metrics\n/);
    expect(fixed).toMatch(/- name: by-number\n\s+port: 80\n\s+targetPort: 9401\n/);
    expect(fixed).toMatch(/- name: by-name\n\s+port: 81\n\s+targetPort: metrics\n/);
    expect(fixed).toMatch(/- name: by-default\n(\s+)port: 9400\n\1targetPort: 9401\n/);
    expect(rules(workspace)).toEqual([]);
  });

  it('leaves a targetPort that other pods also serve, and says so', () => {
    const { actions, workspace } = actionsAt({
      'other.yaml': daemonSet(`
              - containerPort: 9400
                hostPort: 9400`).replace('name: agent', 'name: other'),
      'agent.yaml': daemonSet(
        `
              - containerPort: 94$000`,
        hostNetwork,
      ),
      'svc.yaml': `
        apiVersion: v1
        kind: Service
        metadata:
          name: agent
        spec:
          selector:
            app: agent
          ports:
            - port: 80
              targetPort: 9400
      `,
    });
    expect(actions[0]!.title).toBe(
      'Change containerPort to 9401, the nearest free port (Service agent still targets 9400, which DaemonSet other also declares; the container must listen on 9401 too)',
    );
    applyAll(workspace, actions[0]!);
    expect(workspace.file('svc.yaml')!.text).toContain('targetPort: 9400');
    expect(rules(workspace)).toEqual([]);
  });

  it('moves a host-network containerPort that the values set, in the values', () => {
    const { actions, workspace } = actionsAt({
      ...chart,
      'chart/values.yaml': `
        hostNetwork: true
        port: 10250
      `,
      'chart/templates/daemonset.yaml': chartDaemonSet(
        `
              - containerPort: {{ .Values.port }}
                hostPort: {{ .Values.po$0rt }}`,
        '\n        hostNetwork: {{ .Values.hostNetwork }}',
      ).replace('image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"', 'image: example.com/agent:1.0'),
    });
    expect(actions.map((a) => a.title)).toEqual(['Change containerPort and hostPort to 10251, the nearest free port (in chart/values.yaml: port; the container must listen on 10251 too)']);
    expect(actions[0]!.edits).toHaveLength(1);
    expect(applyAll(workspace, actions[0]!)['chart/values.yaml']).toContain('port: 10251\n');
    expect(rules(workspace)).toEqual([]);
  });

  // Found by the property test (fixes.property.test.ts): target-port-unresolved matches a targetPort
  // by number whatever the protocol, so a UDP Service port's targetPort left behind became a finding.
  it('moves a numeric targetPort on another protocol too, as the rule matches it by number', () => {
    const { actions, workspace } = actionsAt({
      'agent.yaml': daemonSet(
        `
              - containerPort: 102$050`,
        hostNetwork,
      ),
      'svc.yaml': `
        apiVersion: v1
        kind: Service
        metadata:
          name: agent
        spec:
          selector:
            app: agent
          ports:
            - port: 10250
              targetPort: 10250
              protocol: UDP
      `,
    });
    expect(actions[0]!.title).toBe('Change containerPort to 10251, the nearest free port, with the targetPort of Service agent (the container must listen on 10251 too)');
    applyAll(workspace, actions[0]!);
    expect(workspace.file('svc.yaml')!.text).toContain('targetPort: 10251\n');
    expect(rules(workspace)).toEqual([]);
  });

  // Found by the property test: two keys moved to one number set two containerPorts of the pod.
  it('offers nothing when the keys it would change set two containerPorts of one pod', () => {
    const { actions, workspace } = actionsAt({
      ...chart,
      'chart/values.yaml': `
        hostNetwork: true
        containerPort: 10250
        port: 9401
        sidecarHostPort: 9402
      `,
      'other.yaml': daemonSet(`
              - containerPort: 9401
                hostPort: 9401`)
        .replace('name: agent', 'name: other')
        .replace(/image: \S+/, 'image: example.com/other:2.0')
        .replace('kind: DaemonSet', 'kind: Deployment'),
      'chart/templates/daemonset.yaml': chartDaemonSet(
        `
              - containerPort: {{ .Values.containerPort }}
                hostPort: {{ .Values.po$0rt }}
          - name: sidecar
            image: example.com/sidecar:1.0
            ports:
              - containerPort: {{ .Values.port }}
                hostPort: {{ .Values.sidecarHostPort }}`,
        '\n        hostNetwork: {{ .Values.hostNetwork }}',
      ).replace('image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"', 'image: example.com/agent:1.0'),
    });
    // Neither container's hostPort is its containerPort in this host-network pod: the API server
    // rejects it (port-invalid, twice).
    expect(workspace.diagnostics('chart/templates/daemonset.yaml').map((d) => d.rule)).toEqual(['host-port-conflict', 'port-invalid', 'port-invalid']);
    // containerPort and port would both become the new number: the agent's and the sidecar's containerPorts.
    expect(actions).toEqual([]);
  });

  // Found by the property test: the key also set another port's hostPort, whose containerPort stayed.
  it('offers nothing when the key it would change also sets a hostPort without its containerPort', () => {
    const { actions, workspace } = actionsAt({
      ...chart,
      'chart/values.yaml': `
        hostNetwork: true
        port: 10250
        metricsPort: 10250
      `,
      'chart/templates/daemonset.yaml': chartDaemonSet(
        `
              - containerPort: {{ .Values.po$0rt }}
          - name: sidecar
            image: example.com/sidecar:1.0
            ports:
              - containerPort: {{ .Values.metricsPort }}
                hostPort: {{ .Values.port }}
                protocol: UDP`,
        '\n        hostNetwork: {{ .Values.hostNetwork }}',
      ).replace('image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"', 'image: example.com/agent:1.0'),
    });
    expect(workspace.diagnostics('chart/templates/daemonset.yaml').map((d) => d.rule)).toEqual(['host-port-reserved']);
    // port also sets the sidecar's hostPort, which must stay its containerPort (metricsPort).
    expect(actions).toEqual([]);
  });

  // Found by the property test: one nodePort may serve one port's TCP and UDP, not two ports.
  it('offers nothing when the key it would change is one protocol of a Service port sharing a nodePort', () => {
    const { actions, workspace } = actionsAt({
      ...chart,
      'chart/values.yaml': `
        port: 10250
      `,
      'chart/templates/daemonset.yaml': chartDaemonSet(`
              - containerPort: 8080
                hostPort: {{ .Values.po$0rt }}`).replace('image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"', 'image: example.com/agent:1.0'),
      'chart/templates/service.yaml': `
        apiVersion: v1
        kind: Service
        metadata:
          name: {{ .Release.Name }}-agent
        spec:
          type: NodePort
          ports:
            - name: tcp
              port: {{ .Values.port }}
              nodePort: 30080
            - name: udp
              port: 10250
              protocol: UDP
              nodePort: 30080
      `,
    });
    expect(workspace.diagnostics('chart/templates/daemonset.yaml').map((d) => d.rule)).toEqual(['host-port-reserved']);
    expect(actions).toEqual([]);
  });

  // Found by the property test: without its hostPort the pod would bind its containerPort, the kubelet's.
  it('removes a hostPort only when it is the containerPort', () => {
    const { actions } = actionsAt({
      'agent.yaml': daemonSet(
        `
              - containerPort: 10250
                host$0Port: 9500`,
        hostNetwork,
      ),
    });
    expect(actions).toEqual([]);
  });
});
