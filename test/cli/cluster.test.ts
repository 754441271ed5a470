// The cluster the checker assumes, as a user meets it: the text output's first line, the JSON
// report and SARIF run, --explain-cluster, the cluster file it finds (or is given), and that file's
// mistakes as findings on it. The built bundle, run on small folders written for each test.

import { describe, expect, it } from 'vitest';
import { CALICO_NODE, exporterOn } from '../support/clusterManifests';
import { cliProjects } from '../support/cliProjects';

const { project, portolan } = cliProjects('portolan-cluster-');

const exporter = exporterOn([179]);

const lines = (text: string) => text.trimEnd().split('\n');

describe('the cluster the checker assumes', () => {
  it('is upstream Kubernetes core when nothing describes it and nothing is detected', () => {
    const run = portolan(project({ 'apps/exporter.yaml': exporter }), 'check');
    expect(run.status).toBe(0);
    expect(lines(run.stdout)[0]).toBe('Cluster: kubernetes (default)');
  });

  it('adds what a node agent in the files checked shows, says where it saw it, and checks with its ports', () => {
    const root = project({ 'manifests/calico.yaml': CALICO_NODE, 'apps/exporter.yaml': exporter });
    const run = portolan(root, 'check');
    expect(run.status).toBe(1);
    expect(lines(run.stdout)[0]).toBe('Cluster: kubernetes (default) + calico 3.28.0 (detected: DaemonSet calico-node in manifests/calico.yaml)');
    expect(run.stdout).toMatch(/^apps\/exporter\.yaml:\d+:\d+: error host-port-reserved: .*BGP.*Calico/m);
  });

  it('explains itself with --explain-cluster, and stops there with 0', () => {
    const root = project({ 'manifests/calico.yaml': CALICO_NODE, 'apps/exporter.yaml': exporter, '.portolan.yaml': 'distribution: k3s\naddons: [metallb]\n' });
    const run = portolan(root, 'check', '--explain-cluster');
    expect(run.status).toBe(0);
    expect(lines(run.stdout)).toEqual([
      'Cluster: k3s (.portolan.yaml) + calico 3.28.0 (detected: DaemonSet calico-node in manifests/calico.yaml) + metallb (.portolan.yaml)',
      '',
      '  k3s            K3s, distribution: .portolan.yaml: distribution k3s',
      '  calico 3.28.0  Calico, network plugin: detected: DaemonSet calico-node in manifests/calico.yaml',
      '  metallb        MetalLB, add-on: .portolan.yaml: addons metallb',
      '',
      'Described by .portolan.yaml.',
    ]);
    const json = JSON.parse(portolan(root, 'check', '--explain-cluster', '--format', 'json').stdout);
    expect(json.cluster.components.map((c: { platform: string }) => c.platform)).toEqual(['k3s', 'calico', 'metallb']);
    expect(json.cluster.components[1].reasons).toEqual(['detected: DaemonSet calico-node in manifests/calico.yaml']);
  });

  it('finds the cluster file in the folder checked or above it, or takes --cluster', () => {
    const root = project({ 'prod/.portolan.json': '{ "distribution": "openshift" }', 'prod/apps/exporter.yaml': exporter, 'staging.yaml': 'distribution: rke2\n' });
    expect(lines(portolan(root, 'check', 'prod/apps').stdout)[0]).toBe('Cluster: openshift (prod/.portolan.json)');
    expect(lines(portolan(root, 'check', 'prod/apps', '--cluster', 'staging.yaml').stdout)[0]).toBe('Cluster: rke2 (staging.yaml)');
    const missing = portolan(root, 'check', '--cluster', 'absent.yaml');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe('portolan: cannot read absent.yaml: no such file or folder\n');
  });

  it("reports the cluster file's mistakes on the file, at the field, as errors; the rest of it applies", () => {
    const root = project({ '.portolan.yaml': 'distribution: rke2\ncni: calcio\n', 'apps/exporter.yaml': exporter });
    const run = portolan(root, 'check');
    expect(run.status).toBe(1);
    expect(lines(run.stdout)[0]).toBe('Cluster: rke2 (.portolan.yaml)');
    expect(run.stdout).toContain('\n.portolan.yaml:2:6: error cluster-file-invalid: cluster file: cni "calcio" is not a known network plugin; did you mean "calico"? (known: calico, cilium, flannel, kube-router, aws-vpc-cni, canal)\n');
    // The file is not read as a manifest: one file checked.
    expect(run.stdout).toMatch(/\n1 files checked: 1 errors/);
    const explained = portolan(root, 'check', '--explain-cluster');
    expect(explained.status).toBe(0);
    expect(explained.stdout).toContain('.portolan.yaml:2:6: error cluster-file-invalid: cluster file: cni "calcio"');
  });

  it('never crashes on a cluster file that does not parse', () => {
    const root = project({ '.portolan.json': '{ "cni": ', 'apps/exporter.yaml': exporter });
    const run = portolan(root, 'check');
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^\.portolan\.json:1:\d+: error cluster-file-invalid: cluster file: is not valid JSON: /m);
    expect(lines(run.stdout)[0]).toBe('Cluster: kubernetes (default)');
  });

  it('puts the cluster in the JSON report and in the SARIF run properties', () => {
    const root = project({ 'manifests/calico.yaml': CALICO_NODE });
    const json = JSON.parse(portolan(root, 'check', '--format', 'json').stdout);
    expect(json.cluster.description).toBe('kubernetes (default) + calico 3.28.0 (detected: DaemonSet calico-node in manifests/calico.yaml)');
    expect(json.findings).toEqual([]);
    const sarif = JSON.parse(portolan(root, 'check', '--format', 'sarif').stdout);
    expect(sarif.runs[0].properties.cluster).toBe(`Cluster: ${json.cluster.description}`);
  });
});
