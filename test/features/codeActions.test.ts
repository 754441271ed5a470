import { describe, expect, it } from 'vitest';
import type { CodeAction } from '../../server/src/service/features/codeActions';
import { closestName } from '../../server/src/service/features/codeActions';
import { workspaceWithCursor } from '../support/cursor';

function actionsAt(files: Record<string, string>) {
  const { workspace, uri, offset, text } = workspaceWithCursor(files);
  return { actions: workspace.codeActions(uri, { start: offset, end: offset }), text };
}

/** The text after applying an action's edits (all in one file). */
function apply(text: string, action: CodeAction): string {
  const edits = [...action.edits].sort((a, b) => b.span.start - a.span.start);
  return edits.reduce((out, e) => out.slice(0, e.span.start) + e.newText + out.slice(e.span.end), text);
}

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
