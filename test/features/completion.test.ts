import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { CompletionItem } from '../../server/src/service/features';
import type { Settings } from '../../server/src/service/index';
import { SEED_PLATFORMS, workspaceWithCursor } from '../support/cursor';

// The catalog rows these tests expect are the three first platforms'.
function complete(files: Record<string, string>, settings: Partial<Settings> = {}) {
  const { workspace, uri, offset, text } = workspaceWithCursor(files, { platforms: [...SEED_PLATFORMS], ...settings });
  const list = workspace.complete(uri, offset);
  return { items: list?.items ?? [], text, offset };
}

/** The text once the item is accepted. */
const accept = (text: string, item: CompletionItem) => text.slice(0, item.replace.start) + item.insertText + text.slice(item.replace.end);

const sorted = (items: CompletionItem[]) => [...items].sort((a, b) => a.sortText.localeCompare(b.sortText));

const item = (items: CompletionItem[], label: string) => items.find((i) => i.label === label)!;

/** The first container's first port of the first manifest, as YAML reads it. */
const firstPort = (text: string) => parse(text).spec.template.spec.containers[0].ports[0];

const pod = (spec: string) => `
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
${spec}
`;

/** A pod that lands on control-plane nodes too. */
const everywhere = `
        tolerations:
          - key: node-role.kubernetes.io/control-plane
            operator: Exists
            effect: NoSchedule`;

const gateway = (className: string, listener: string) => `
  apiVersion: gateway.networking.k8s.io/v1
  kind: Gateway
  metadata:
    name: public-gw
    namespace: edge
  spec:
    gatewayClassName: ${className}
    listeners:
      - name: http
        protocol: HTTP
        port: 80
${listener}
`;

describe('completion', () => {
  it('offers well-known and catalog ports after containerPort, labelled with component and platform', () => {
    const { items, offset } = complete({
      'agent.yaml': pod(`
        containers:
          - name: agent
            image: example.com/agent:1.0
            ports:
              - containerPort: $0`),
    });
    const labels = items.map((i) => i.label);
    expect(labels).toContain('8080');
    const kubelet = items.find((i) => i.label === '10250')!;
    expect(kubelet.detail).toContain('kubelet (D2iQ Konvoy)');
    expect(kubelet.documentation).toContain('Kubelet API');
    expect(items.every((i) => i.replace.start === offset && i.replace.end === offset)).toBe(true);
  });

  it('marks ports reserved where a host-network pod lands, and sorts them last', () => {
    const { items } = complete({
      'agent.yaml': pod(`
        hostNetwork: true
        containers:
          - name: agent
            image: example.com/agent:1.0
            ports:
              - containerPort: 10$0`),
    });
    const sorted = [...items].sort((a, b) => a.sortText.localeCompare(b.sortText));
    const kubelet = sorted.find((i) => i.label === '10250')!;
    expect(kubelet.detail).toMatch(/^⚠ reserved on worker nodes/);
    expect(sorted.indexOf(kubelet)).toBeGreaterThan(sorted.findIndex((i) => i.label === '8080'));
    // etcd is reserved on control-plane nodes only, where this pod does not land.
    expect(sorted.find((i) => i.label === '2379')!.detail).not.toContain('⚠');
  });

  it('replaces the partial value typed so far', () => {
    const { items, offset, text } = complete({
      'agent.yaml': pod(`
        containers:
          - name: agent
            image: example.com/agent:1.0
            ports:
              - containerPort: 90$0`),
    });
    expect(text.slice(items[0]!.replace.start, offset)).toBe('90');
  });

  it('offers the hostPort equal to the containerPort first', () => {
    const { items } = complete({
      'agent.yaml': pod(`
        containers:
          - name: agent
            image: example.com/agent:1.0
            ports:
              - containerPort: 9400
                hostPort: $0`),
    });
    expect([...items].sort((a, b) => a.sortText.localeCompare(b.sortText))[0]!.label).toBe('9400');
  });

  it('offers the names and numbers the selected containers declare for targetPort', () => {
    const { items } = complete({
      'agent.yaml': pod(`
        containers:
          - name: agent
            image: example.com/agent:1.0
            ports:
              - containerPort: 9400
                name: metrics
              - containerPort: 8080
                name: http`),
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
              targetPort: $0
      `,
    });
    expect(items.map((i) => i.label).sort()).toEqual(['8080', '9400', 'http', 'metrics']);
    expect(items.find((i) => i.label === 'http')!.detail).toBe('8080/TCP, container agent of DaemonSet agent');
  });

  it('offers a probe the ports of its own container', () => {
    const { items } = complete({
      'agent.yaml': pod(`
        containers:
          - name: agent
            image: example.com/agent:1.0
            ports:
              - containerPort: 8080
                name: http
            livenessProbe:
              httpGet:
                path: /healthz
                port: $0`),
    });
    expect(items.map((i) => i.label).sort()).toEqual(['8080', 'http']);
  });

  it('offers free nodePorts, none another Service uses', () => {
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
    const { items } = complete({ 'a.yaml': service('a', '30000'), 'b.yaml': service('b', '30001'), 'c.yaml': service('c', '$0') });
    const labels = items.map((i) => i.label);
    expect(labels[0]).toBe('30002');
    expect(labels).not.toContain('30000');
    expect(labels).not.toContain('30001');
    expect(items[0]!.detail).toBe('free in the NodePort range 30000-32767');
  });

  it('offers a Service port name the declared container names', () => {
    const { items } = complete({
      'agent.yaml': pod(`
        containers:
          - name: agent
            image: example.com/agent:1.0
            ports:
              - containerPort: 9400
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
            - port: 9400
              name: $0
      `,
    });
    expect(items.map((i) => i.label)).toEqual(['metrics']);
  });

  it('still offers ports where the YAML around the cursor does not parse', () => {
    const { items } = complete({
      'agent.yaml': pod(`
        containers:
          - name: agent
            image: example.com/agent:1.0
            ports:
              - containerPort: 8080
                - containerPort: $0`),
    });
    expect(items.map((i) => i.label)).toContain('10250');
  });

  it('offers nothing outside port values', () => {
    const { items } = complete({
      'agent.yaml': pod(`
        containers:
          - name: agent
            image: $0`),
    });
    expect(items).toEqual([]);
  });
});

describe('completion never corrupts a manifest', () => {
  it('inserts the space YAML needs when an item is accepted right after the colon', () => {
    const files = (value: string) => ({
      'agent.yaml': pod(`
        containers:
          - name: agent
            image: example.com/agent:1.0
            ports:
              - containerPort${value}
                name: http`),
    });
    for (const typed of [':$0', ':8$0', ': $0', ': 8$0']) {
      const { items, text } = complete(files(typed));
      const accepted = accept(text, item(items, '80'));
      expect(firstPort(accepted), typed).toEqual({ containerPort: 80, name: 'http' });
      expect(accepted, typed).toContain('- containerPort: 80\n');
    }
  });

  it('inserts the space in a values file too', () => {
    const { items, text } = complete({
      'chart/Chart.yaml': 'apiVersion: v2\nname: agent\nversion: 0.1.0\n',
      'chart/values.yaml': `
        image: example.com/agent:1.0
        metricsPort:$0
      `,
      'chart/templates/daemonset.yaml': pod(`
        containers:
          - name: agent
            image: {{ .Values.image }}
            ports:
              - containerPort: {{ .Values.metricsPort }}`),
    });
    expect(parse(accept(text, item(items, '9090')))).toEqual({ image: 'example.com/agent:1.0', metricsPort: 9090 });
  });
});

describe('completion list descriptions', () => {
  it('says in the list what each port is: the component, the service and its protocol when not TCP', () => {
    const { items } = complete({
      'agent.yaml': pod(`
        containers:
          - name: agent
            image: example.com/agent:1.0
            ports:
              - containerPort: $0`),
    });
    expect(item(items, '10250').description).toBe('kubelet');
    expect(item(items, '53').description).toBe('DNS (UDP)');
    expect(item(items, '8472').description).toBe('cilium-agent (UDP)');
    expect(item(items, '9090').description).toBe('Prometheus');
    // The longer line stays in the side panel.
    expect(item(items, '10250').detail).toContain('kubelet (D2iQ Konvoy)');
  });

  it('marks reserved and taken ports in the list itself', () => {
    const { items } = complete({
      'other.yaml': pod(`
        containers:
          - name: exporter
            image: example.com/exporter:1.0
            ports:
              - containerPort: 9100
                hostPort: 9100`).replace(/agent/g, 'exporter'),
      'agent.yaml': pod(`
        hostNetwork: true
        containers:
          - name: agent
            image: example.com/agent:1.0
            ports:
              - containerPort: $0`),
    });
    expect(item(items, '10250').description).toBe('⚠ reserved: kubelet');
    expect(item(items, '9100').description).toBe('⚠ taken: DaemonSet exporter');
    expect(item(items, '8080').description).not.toContain('⚠');
  });

  it('says which nodePorts are free, and what declared names and numbers are', () => {
    const nodePorts = complete({
      'svc.yaml': `
        apiVersion: v1
        kind: Service
        metadata:
          name: agent
        spec:
          type: NodePort
          ports:
            - port: 80
              nodePort: $0
      `,
    });
    expect(nodePorts.items.every((i) => i.description === 'free')).toBe(true);
    const targets = complete({
      'agent.yaml': pod(`
        containers:
          - name: agent
            image: example.com/agent:1.0
            ports:
              - containerPort: 8080
                name: http
              - containerPort: 8125
                name: statsd
                protocol: UDP`),
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
              targetPort: $0
      `,
    });
    expect(Object.fromEntries(targets.items.map((i) => [i.label, i.description]))).toEqual({ http: '8080', '8080': 'http', statsd: '8125/UDP', '8125': 'statsd (UDP)' });
  });
});

describe('ports bound on the node are checked for their own protocol', () => {
  const hostPort = (lines: string, ...more: string[]) =>
    complete({
      'agent.yaml': pod(`${everywhere}
        containers:
          - name: agent
            image: example.com/agent:1.0
            ports:
${lines}`),
      ...Object.fromEntries(more.map((text, i) => [`other-${i}.yaml`, text])),
    }).items;

  it('checks a UDP declaration for UDP reservations, not TCP ones', () => {
    const items = hostPort(`
              - containerPort: 8472
                hostPort: $0
                protocol: UDP`);
    expect(item(items, '8472').detail).toMatch(/^⚠ reserved for UDP on control-plane and worker nodes/);
    expect(item(items, '10250').detail).not.toContain('⚠');
    expect(sorted(items).at(-1)!.label).toBe('8472');
  });

  it('checks a TCP declaration for TCP: a UDP-only port is not reserved there', () => {
    const items = hostPort(`
              - containerPort: 9400
                protocol: TCP
                hostPort: $0`);
    expect(item(items, '8472').detail).not.toContain('⚠');
    expect(item(items, '10250').detail).toMatch(/^⚠ reserved on/);
  });

  it('checks each port for its own protocol where the declaration names none', () => {
    const items = hostPort(`
              - containerPort: 9400
                hostPort: $0`);
    expect(item(items, '8472').detail).toMatch(/^⚠ reserved for UDP on/);
    expect(item(items, '8472').description).toBe('⚠ reserved (UDP): cilium-agent');
    expect(item(items, '53').detail).not.toContain('⚠');
  });

  it('checks a host-network containerPort for the protocol declared beside it', () => {
    const { items } = complete({
      'agent.yaml': pod(`${everywhere}
        hostNetwork: true
        containers:
          - name: agent
            image: example.com/agent:1.0
            ports:
              - containerPort: $0
                protocol: UDP`),
    });
    expect(item(items, '8472').detail).toMatch(/^⚠ reserved for UDP/);
    expect(item(items, '10250').detail).not.toContain('⚠');
  });

  it('marks the containerPort offered as hostPort when it is reserved, and a port another pod binds only on its protocol', () => {
    const statsd = pod(`
        containers:
          - name: statsd
            image: example.com/statsd:1.0
            ports:
              - containerPort: 9400
                hostPort: 9400
                protocol: UDP`).replace(/agent/g, 'statsd');
    const items = hostPort(
      `
              - containerPort: 10250
                hostPort: $0
              - containerPort: 9400
                hostPort: 9400`,
      statsd,
    );
    expect(item(items, '10250').detail).toMatch(/^⚠ reserved on/);
    expect(sorted(items)[0]!.label).not.toBe('10250');
    const tcp = hostPort(
      `
              - containerPort: 9400
                hostPort: $0`,
      statsd,
    );
    expect(item(tcp, '9400').detail).toBe('the containerPort');
  });
});

describe('Gateway listener ports', () => {
  it('marks the ports the gateway proxy keeps for itself, and sorts them last', () => {
    const { items } = complete({
      'gw.yaml': gateway(
        'kgateway',
        `
      - name: extra
        protocol: HTTP
        port: $0`,
      ),
    });
    const last = sorted(items).slice(-3).map((i) => i.label);
    expect(last.sort()).toEqual(['19000', '8082', '9091']);
    expect(item(items, '19000').detail).toMatch(/^⚠ kept by the gateway proxy \(kgateway\)/);
    expect(item(items, '19000').description).toBe('⚠ reserved: gateway proxy');
    expect(item(items, '19000').documentation).toContain('Envoy admin');
    expect(item(items, '8080').detail).not.toContain('⚠');
  });

  it('marks nothing for a class the proxy does not serve, or a protocol it does not keep', () => {
    const other = complete({ 'gw.yaml': gateway('istio', '      - name: extra\n        protocol: HTTP\n        port: $0') });
    expect(other.items.filter((i) => i.detail.includes('⚠'))).toEqual([]);
    const udp = complete({ 'gw.yaml': gateway('kgateway', '      - name: dns\n        protocol: UDP\n        port: $0') });
    expect(item(udp.items, '9091').detail).not.toContain('⚠');
    expect(item(udp.items, '19000').detail).not.toContain('⚠');
  });

  it('marks a port that kgateway v2.0.x lands on the proxy port of another listener', () => {
    const { items } = complete(
      { 'gw.yaml': gateway('kgateway', '      - name: http-alt\n        protocol: HTTP\n        port: $0') },
      { kgatewayPortMapping: 'v2.0' },
    );
    expect(item(items, '8080').detail).toMatch(/^⚠ lands on the proxy port 8080 of listener port 80/);
    expect(item(items, '8080').description).toBe('⚠ taken: listener port 80');
    expect(item(items, '443').detail).not.toContain('⚠');
  });
});
