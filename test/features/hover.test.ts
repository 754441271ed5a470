import { describe, expect, it } from 'vitest';
import { dedent, SEED_PLATFORMS, workspaceWithCursor } from '../support/cursor';

const deployment = `
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web
    namespace: shop
  spec:
    selector:
      matchLabels:
        app: web
    template:
      metadata:
        labels:
          app: web
      spec:
        containers:
          - name: web
            image: example.com/web:1.0
            ports:
              - name: http
                containerPort: 8080
              - name: kubelet
                containerPort: 10250
            readinessProbe:
              httpGet:
                path: /ready
                port: http
`;

const service = `
  apiVersion: v1
  kind: Service
  metadata:
    name: web
    namespace: shop
  spec:
    type: NodePort
    selector:
      app: web
    ports:
      - name: http
        port: 80
        targetPort: http
        nodePort: 30080
`;

/** 1-based line of the first line of `text` that holds `needle`. */
function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((line) => line.includes(needle)) + 1;
}

const webLines = (needle: string) => lineOf(dedent(deployment), needle);
const serviceLines = (needle: string) => lineOf(dedent(service), needle);

// The catalog rows these tests expect are the three first platforms'.
const seeds = { platforms: [...SEED_PLATFORMS] };

function hover(files: Record<string, string>) {
  const { workspace, uri, offset } = workspaceWithCursor(files, seeds);
  return workspace.hover(uri, offset)?.markdown ?? '';
}

/** The hover's first line: its verdict. */
const verdict = (files: Record<string, string>) => hover(files).split('\n')[0];

describe('hover', () => {
  it('explains a pod-network containerPort: its name, the Service and probe that point at it', () => {
    const text = hover({ 'web.yaml': deployment.replace('containerPort: 8080', 'containerPort: 80$080'), 'svc.yaml': service });
    expect(text).toContain('**containerPort 8080/TCP** named `http` of container `web`');
    expect(text).toContain('In the **pod network** of Deployment web');
    expect(text).toContain(`[Service shop/web](svc.yaml#L${serviceLines('targetPort')}) port 80 → targetPort \`http\``);
    expect(text).toContain(`[readinessProbe httpGet](web.yaml#L${webLines('port: http')})`);
  });

  it('says a pod-network port only shares its number with the kubelet, one short line per catalog row', () => {
    const text = hover({ 'web.yaml': deployment.replace('containerPort: 10250', 'containerPort: 10$0250') });
    expect(text.split('\n')[0]).toBe('**Port 10250/TCP in the pod network** of Deployment web — it only shares its number with kubelet on the nodes, no collision.');
    expect(text).toContain('What the catalogs know about 10250');
    const rows = text.split('\n').filter((line) => line.startsWith('- **kubelet**'));
    expect(rows).toHaveLength(3);
    expect(rows).toContain(
      '- **kubelet** 10250/TCP on all nodes (Canonical Kubernetes): Kubelet API. Anonymous authentication… [source](https://documentation.ubuntu.com/canonical-kubernetes/latest/snap/reference/ports-and-services/) (2026-06 (etcd datastore))',
    );
    expect(rows.some((row) => row.startsWith('- **kubelet** 10250/TCP on worker nodes (D2iQ Konvoy): Kubelet API [source](https://github.com/mesosphere/dcos-docs-site/'))).toBe(true);
    // Short as read: the link shows as one word.
    for (const row of rows) expect(row.replace(/\*\*/g, '').replace(/\[source\]\([^)]*\)/, 'source').length).toBeLessThanOrEqual(130);
  });

  it('opens with the verdict in one sentence', () => {
    const hostPort = (port: string) => ({ 'web.yaml': deployment.replace('containerPort: 10250', `containerPort: 10250\n                hostPort: ${port}`) });
    expect(verdict(hostPort('102$050'))).toBe('**Port 10250/TCP bound on the node** — reserved by kubelet on worker nodes.');
    expect(verdict(hostPort('94$000'))).toBe('**Port 9400/TCP bound on the node**, free where this pod lands.');
    expect(verdict({ 'web.yaml': deployment.replace('containerPort: 8080', 'containerPort: 80$080\n                hostPort: 10250') })).toBe(
      '**Port 8080/TCP**, published on the node as hostPort 10250 — reserved by kubelet on worker nodes.',
    );
    expect(verdict(hostPort('310$000'))).toBe('**Port 31000/TCP bound on the node** — inside the NodePort range 30000-32767, where kube-proxy may hold it.');
    expect(verdict({ 'web.yaml': deployment.replace('containerPort: 8080', 'containerPort: 80$080') })).toBe('**Port 8080/TCP in the pod network** of Deployment web — it takes nothing on the node.');
    expect(verdict({ 'web.yaml': deployment, 'svc.yaml': service.replace('targetPort: http', 'targetPort: ht$0tp') })).toBe('**targetPort `http`** points at containerPort 8080/TCP of Deployment web.');
    expect(verdict({ 'web.yaml': deployment, 'svc.yaml': service.replace('targetPort: http', 'targetPort: 90$090') })).toBe('**targetPort 9090** points at no declared container port of Deployment web.');
    expect(verdict({ 'web.yaml': deployment, 'svc.yaml': service.replace('port: 80', 'port: 8$00') })).toBe('**Service port 80/TCP** forwards to containerPort 8080/TCP of Deployment web.');
    expect(verdict({ 'svc.yaml': service.replace('nodePort: 30080', 'nodePort: 300$080') })).toBe('**nodePort 30080/TCP**, opened on every node — free in the NodePort range 30000-32767.');
    expect(verdict({ 'svc.yaml': service.replace('nodePort: 30080', 'nodePort: 80$080') })).toBe('**nodePort 8080/TCP** — outside the NodePort range 30000-32767: the API server rejects the Service.');
    expect(verdict({ 'web.yaml': deployment.replace('port: http', 'port: h$0ttp') })).toBe('**readinessProbe httpGet port `http`** checks containerPort 8080/TCP of Deployment web.');
  });

  it('shows where a hostPort is bound, and leaves the finding on it to the editor', () => {
    const { workspace, uri, offset } = workspaceWithCursor({ 'web.yaml': deployment.replace('containerPort: 10250', 'containerPort: 10250\n                hostPort: 102$050') }, seeds);
    const text = workspace.hover(uri, offset)!.markdown;
    expect(text).toContain('Published on the **node** as hostPort 10250, on worker nodes (it does not tolerate the control-plane taint)');
    // The editor shows the diagnostic in the same popup: the hover does not repeat it.
    const [finding] = workspace.diagnostics(uri);
    expect(finding?.rule).toBe('host-port-reserved');
    expect(text).not.toContain('Findings');
    expect(text).not.toContain('host-port-reserved');
    expect(text).not.toContain(finding!.message);
  });

  it('resolves a named targetPort to its number, and a number to its name', () => {
    const named = hover({ 'web.yaml': deployment, 'svc.yaml': service.replace('targetPort: http', 'targetPort: ht$0tp') });
    expect(named).toContain(`**Points at**\n- [Deployment web](web.yaml#L${webLines('containerPort: 8080')}), container \`web\`: \`http\` = containerPort 8080/TCP`);
    const numbered = hover({ 'web.yaml': deployment, 'svc.yaml': service.replace('targetPort: http', 'targetPort: 80$080') });
    expect(numbered).toContain('containerPort 8080/TCP, named `http`');
  });

  it('explains a nodePort and a named probe port', () => {
    expect(hover({ 'svc.yaml': service.replace('nodePort: 30080', 'nodePort: 300$080') })).toContain('Opened by kube-proxy on **every node** of the cluster, inside the NodePort range 30000-32767');
    const probe = hover({ 'web.yaml': deployment.replace('port: http', 'port: h$0ttp') });
    expect(probe).toContain('**readinessProbe httpGet port `http`** of container `web`');
    expect(probe).toContain('`http` = containerPort 8080/TCP');
  });

  it('tells where kgateway binds a listener, under each port mapping', () => {
    const gateway = `
      apiVersion: gateway.networking.k8s.io/v1
      kind: Gateway
      metadata:
        name: gw
      spec:
        gatewayClassName: kgateway
        listeners:
          - name: http
            protocol: HTTP
            port: 8$00
    `;
    const { workspace, uri, offset } = workspaceWithCursor({ 'gw.yaml': gateway }, { ...seeds, kgatewayPortMapping: 'v2.0' });
    expect(workspace.hover(uri, offset)?.markdown).toContain('binds it on port 8080 (kgateway v2.0.x adds 8000');
    expect(hover({ 'gw.yaml': gateway })).toContain('The kgateway **gateway proxy** binds it on port 80.');
  });

  it('answers nothing away from port fields', () => {
    expect(hover({ 'web.yaml': deployment.replace('image: example.com', 'image: exa$0mple.com') })).toBe('');
  });

  it('covers the hovered value with its range', () => {
    const { workspace, uri, offset, text } = workspaceWithCursor({ 'web.yaml': deployment.replace('containerPort: 8080', 'containerPort: 8$0080') }, seeds);
    const span = workspace.hover(uri, offset)!.span;
    expect(text.slice(span.start, span.end)).toBe('8080');
  });
});
