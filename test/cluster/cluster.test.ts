// The cluster a check assumes: the cluster file's mistakes as findings at the field (JSON and
// YAML), the composition of a description (distribution, network plugin, add-ons, versions, the
// settings and the file), and what the workspace's node agents add.

import { describe, expect, it } from 'vitest';
import { BUILTIN_CATALOGS, BUILTIN_PLATFORMS, checkWorkspace, composeCluster, defaultSettings, PortolanWorkspace, type ClusterDescription, type Settings, type SourceFile } from '../../server/src/service/index';
import type { NodeAgent } from '../../server/src/service/cluster/detect';

/** The text of each cluster-file-invalid finding's span, with its message. */
function mistakes(file: SourceFile): { at: string; message: string }[] {
  const { diagnostics } = checkWorkspace([], { clusterFile: file });
  return diagnostics.filter((d) => d.rule === 'cluster-file-invalid').map((d) => ({ at: file.text.slice(d.span.start, d.span.end), message: d.message }));
}

describe("the cluster file's mistakes", () => {
  it('are findings at the field in JSON: the wrong value, or the key that should not be there', () => {
    const found = mistakes({ uri: '.portolan.json', text: '{\n  "cni": "calcio",\n  "addons": ["metallb", 7],\n  "addon": ["kube-vip"],\n  "versions": { "metallb": "0.x" }\n}\n' });
    expect(found).toEqual([
      { at: '"calcio"', message: 'cluster file: cni "calcio" is not a known network plugin; did you mean "calico"? (known: calico, cilium, flannel, kube-router, aws-vpc-cni, canal)' },
      { at: '7', message: 'cluster file: addons[1] must be a string, not 7' },
      { at: '"addon"', message: 'cluster file: "addon" is not a field of a cluster description; did you mean "addons"? (fields: distribution, cni, addons, versions, detect)' },
      { at: '"0.x"', message: 'cluster file: versions.metallb "0.x" is not a version like 2.0.2 or 1.16' },
    ]);
  });

  it('are findings at the field in YAML', () => {
    const found = mistakes({ uri: '.portolan.yaml', text: 'distribution: rke3\naddons:\n  - metallb\n  - lnkerd\nversions:\n  kgateway: [2]\n' });
    expect(found.map((f) => f.at)).toEqual(['rke3', 'lnkerd', '[2]']);
    expect(found[0]!.message).toContain('distribution "rke3" is not a known distribution; did you mean "rke2"?');
    expect(found[1]!.message).toContain('addons "lnkerd" is not a known add-on; did you mean "linkerd"?');
    expect(found[2]!.message).toContain('versions.kgateway must be a string, not a list');
  });

  it('include a file that does not parse, at the place it breaks, and never a throw', () => {
    expect(mistakes({ uri: '.portolan.json', text: '{ "cni": "calico", }' })).toEqual([{ at: '}', message: 'cluster file: is not valid JSON: PropertyNameExpected' }]);
    const yaml = mistakes({ uri: '.portolan.yml', text: 'cni: [calico\n' });
    expect(yaml).toHaveLength(1);
    expect(yaml[0]!.message).toMatch(/^cluster file: is not valid YAML: /);
    for (const text of ['', '\uFEFF', '# nothing yet\n']) expect(mistakes({ uri: '.portolan.yaml', text })).toEqual([]);
    expect(mistakes({ uri: '.portolan.yaml', text: '- rke2\n' })[0]!.message).toContain('must be an object');
    expect(mistakes({ uri: '.portolan.yaml', text: 'a: &a [*a]\n' }).length).toBeGreaterThan(0);
  });
});

const none: readonly NodeAgent[] = [];

function compose(description: { settings?: ClusterDescription; file?: ClusterDescription; platforms?: string[]; agents?: readonly NodeAgent[]; kgatewayPortMapping?: string }) {
  const cluster = composeCluster({
    catalogs: BUILTIN_CATALOGS,
    settings: description.settings ?? {},
    ...(description.file ? { file: description.file } : {}),
    platforms: description.platforms ?? BUILTIN_PLATFORMS,
    defaultPlatforms: BUILTIN_PLATFORMS,
    agents: description.agents ?? none,
    ...(description.kgatewayPortMapping ? { kgatewayPortMapping: description.kgatewayPortMapping } : {}),
  });
  return { platforms: cluster.platforms, versions: cluster.versions, leftOut: cluster.leftOut, cluster };
}

const agent = (workload: string, catalogs: string[], versions: Record<string, string> = {}): NodeAgent => ({ uri: `${workload}.yaml`, span: { start: 0, end: 1 }, workload: `DaemonSet ${workload}`, catalogs, versions });

describe('composing the cluster', () => {
  it('is upstream Kubernetes core with nothing described and nothing seen', () => {
    expect(compose({}).platforms).toEqual(['kubernetes']);
    expect(compose({}).cluster.components[0]!.reasons).toEqual([{ kind: 'default' }]);
  });

  it('takes a distribution, a network plugin, add-ons and versions, aliases standing for their catalogs', () => {
    const { platforms, versions } = compose({ file: { distribution: 'rke2', cni: 'canal', addons: ['metallb', 'istio-ambient'], versions: { kgateway: '2.0.2', 'istio-ambient': '1.24', metallb: '0.14.8' } } });
    expect(platforms).toEqual(['rke2', 'canal', 'istio', 'istio-cni', 'metallb']);
    expect(versions).toEqual({ kgateway: '2.0.2', istio: '1.24', 'istio-cni': '1.24', metallb: '0.14.8' });
    expect(compose({ file: { distribution: 'eks' } }).platforms).toEqual(['kubernetes', 'aws-vpc-cni']);
    expect(compose({ file: { distribution: 'eks', cni: 'cilium' } }).platforms).toEqual(['kubernetes', 'cilium']);
    expect(compose({ file: { addons: ['istio-sidecar'] } }).platforms).toEqual(['kubernetes', 'istio']);
  });

  it('keeps the three first platforms selectable as distributions and add-ons', () => {
    expect(compose({ file: { distribution: 'konvoy', addons: ['kgateway'] } }).platforms).toEqual(['konvoy', 'kgateway']);
    expect(compose({ file: { distribution: 'canonical-kubernetes' } }).platforms).toEqual(['canonical-kubernetes']);
    expect(compose({ platforms: ['kgateway', 'konvoy', 'canonical-kubernetes'] }).platforms).toEqual(['konvoy', 'canonical-kubernetes', 'kgateway']);
  });

  it('takes the file over the setting field by field, versions merged', () => {
    const { platforms, versions, cluster } = compose({ settings: { distribution: 'k3s', cni: 'flannel', versions: { metallb: '0.14.8', kgateway: '2.2.0' } }, file: { cni: 'cilium', addons: ['metallb'], versions: { metallb: '0.15.2' } } });
    expect(platforms).toEqual(['k3s', 'cilium', 'metallb']);
    expect(versions).toEqual({ metallb: '0.15.2', kgateway: '2.2.0' });
    expect(cluster.components.map((c) => c.reasons[0])).toEqual([
      { kind: 'described', source: 'settings', field: 'distribution', name: 'k3s' },
      { kind: 'described', source: 'file', field: 'cni', name: 'cilium' },
      { kind: 'described', source: 'file', field: 'addons', name: 'metallb' },
    ]);
  });

  it('lets platforms name more catalogs, their distribution standing in only when the description names none', () => {
    expect(compose({ platforms: ['calico', 'kgateway@2.0.2'] })).toMatchObject({ platforms: ['kubernetes', 'calico', 'kgateway'], versions: { kgateway: '2.0.2' } });
    expect(compose({ platforms: ['openshift'] }).platforms).toEqual(['openshift']);
    const replaced = compose({ platforms: ['openshift', 'metallb'], file: { distribution: 'gke' } });
    expect(replaced.platforms).toEqual(['gke', 'metallb']);
    expect(replaced.leftOut).toEqual(['openshift (named in platforms): the cluster description names the distribution gke']);
  });

  it('adds the network plugins and add-ons node agents show, unless the description names the network plugin or turns detection off', () => {
    const agents = [agent('calico-node', ['calico', 'konvoy', 'rke2'], { calico: '3.28.0' }), agent('speaker', ['metallb'], { metallb: '0.14.8' })];
    const seen = compose({ agents });
    expect(seen.platforms).toEqual(['kubernetes', 'calico', 'metallb']);
    expect(seen.versions).toEqual({ calico: '3.28.0', metallb: '0.14.8' });
    expect(seen.cluster.components[1]!.reasons).toEqual([{ kind: 'detected', agents: [{ uri: 'calico-node.yaml', span: { start: 0, end: 1 }, workload: 'DaemonSet calico-node' }] }]);
    const described = compose({ agents, file: { cni: 'cilium' } });
    expect(described.platforms).toEqual(['kubernetes', 'cilium', 'metallb']);
    expect(described.leftOut).toEqual(['calico (detected: DaemonSet calico-node): the cluster description names the network plugin cilium']);
    expect(compose({ agents, file: { detect: false } }).platforms).toEqual(['kubernetes']);
    // A distribution's own agent (RKE2's canal runs calico/node) adds nothing beyond the distribution.
    expect(compose({ agents, file: { distribution: 'rke2' } }).platforms).toEqual(['rke2', 'metallb']);
    // Two releases of an agent: no version is assumed. A version named wins over the image's.
    expect(compose({ agents: [...agents, agent('speaker-old', ['metallb'], { metallb: '0.13.0' })] }).versions).toEqual({ calico: '3.28.0' });
    expect(compose({ agents, file: { versions: { metallb: '0.16.0' } } }).versions.metallb).toBe('0.16.0');
  });

  it('reads kgatewayPortMapping v2.0 as kgateway 2.0.x, unless a version is named', () => {
    expect(compose({ platforms: ['kgateway'], kgatewayPortMapping: 'v2.0' }).versions).toEqual({ kgateway: '2.0.0' });
    expect(compose({ platforms: ['kgateway'], kgatewayPortMapping: 'v2.0', file: { versions: { kgateway: '2.2.1' } } }).versions).toEqual({ kgateway: '2.2.1' });
  });
});

const daemonSet = (name: string, image: string, extra = '') => `apiVersion: apps/v1
kind: ${extra.includes('kind:') ? '' : 'DaemonSet'}
metadata:
  name: ${name}
spec:
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      hostNetwork: true
      containers:
        - name: ${name}
          image: ${image}
          ports:
            - containerPort: 179
`;

const deployment = (name: string, image: string) => daemonSet(name, image).replace('kind: DaemonSet', 'kind: Deployment').replace('      hostNetwork: true\n', '');

function cluster(files: SourceFile[], settings: Partial<Settings> = {}) {
  return checkWorkspace(files, { settings: { ...defaultSettings(BUILTIN_PLATFORMS), ...settings } });
}

describe('what the workspace shows', () => {
  const calicoNode: SourceFile = { uri: 'cni/calico.yaml', text: daemonSet('calico-node', 'docker.io/calico/node:v3.28.0').replace('    - containerPort: 179\n', '    - containerPort: 9099\n') };
  const exporter: SourceFile = { uri: 'apps/exporter.yaml', text: daemonSet('bgp-exporter', 'example.com/exporter:1.0') };

  it("makes calico's ports count when a calico-node DaemonSet is in the workspace", () => {
    const { cluster: seen, diagnostics } = cluster([calicoNode, exporter]);
    expect(seen.platforms).toEqual(['kubernetes', 'calico']);
    expect(seen.versions).toEqual({ calico: '3.28.0' });
    expect(diagnostics.map((d) => `${d.uri} ${d.rule} ${d.port}`)).toEqual(['apps/exporter.yaml host-port-reserved 179']);
    expect(diagnostics[0]!.message).toContain('Calico');
  });

  it('sees nothing in a Deployment on the pod network with a calico image, nor in nothing at all', () => {
    const { cluster: seen, diagnostics } = cluster([{ uri: 'tools/calicoctl.yaml', text: deployment('calicoctl', 'calico/node:v3.28.0') }, exporter]);
    expect(seen.platforms).toEqual(['kubernetes']);
    expect(diagnostics).toEqual([]);
    expect(cluster([exporter]).cluster.platforms).toEqual(['kubernetes']);
  });

  it('sees a cilium agent, an istio-cni node agent and a MetalLB speaker, whatever their registry', () => {
    const files = [
      { uri: 'a.yaml', text: daemonSet('cilium', 'quay.io/cilium/cilium:v1.16.3') },
      { uri: 'b.yaml', text: daemonSet('istio-cni-node', 'docker.io/istio/install-cni:1.24.0') },
      { uri: 'c.yaml', text: daemonSet('speaker', 'quay.io/metallb/speaker:v0.14.8') },
    ].map((f) => ({ ...f, text: f.text.replace('    - containerPort: 179\n', '    - containerPort: 9876\n') }));
    expect(cluster(files).cluster.versions).toEqual({ cilium: '1.16.3', 'istio-cni': '1.24.0', metallb: '0.14.8' });
    // A development build's v0.0.0 names no release: the newest versions are assumed.
    const dev = { uri: 'c.yaml', text: daemonSet('speaker', 'quay.io/metallb/speaker:v0.0.0').replace('    - containerPort: 179\n', '    - containerPort: 9876\n') };
    expect(cluster([dev]).cluster).toMatchObject({ platforms: ['kubernetes', 'metallb'], versions: {} });
  });

  it('follows the workspace as files come and go in the editor', () => {
    const workspace = new PortolanWorkspace();
    workspace.update(exporter);
    expect(workspace.diagnostics(exporter.uri)).toEqual([]);
    workspace.update(calicoNode);
    expect(workspace.cluster.platforms).toEqual(['kubernetes', 'calico']);
    expect(workspace.diagnostics(exporter.uri).map((d) => d.rule)).toEqual(['host-port-reserved']);
    workspace.setClusterFile({ uri: '.portolan.yaml', text: 'cni: cilium\n' });
    expect(workspace.cluster.platforms).toEqual(['kubernetes', 'cilium']);
    expect(workspace.diagnostics(exporter.uri)).toEqual([]);
    workspace.setClusterFile({ uri: '.portolan.yaml', text: 'cni: cilum\n' });
    expect(workspace.diagnostics('.portolan.yaml').map((d) => d.rule)).toEqual(['cluster-file-invalid']);
    workspace.setClusterFile(undefined);
    workspace.remove(calicoNode.uri);
    expect(workspace.cluster.platforms).toEqual(['kubernetes']);
    expect(workspace.diagnostics(exporter.uri)).toEqual([]);
    expect(workspace.diagnostics('.portolan.yaml')).toEqual([]);
  });
});
