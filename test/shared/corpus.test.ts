// The engine over ../shared/corpus: real manifests and charts nobody here wrote. Its README says
// what a correct checker reports about each; these tests hold the engine to it, and show that
// the silence is earned: the ports are seen, and the catalog knows them.

import { describe, expect, it } from 'vitest';
import { BUILTIN_CATALOGS, buildFileModel, checkFiles, selectCatalogs, BUILTIN_PLATFORMS } from '../../server/src/service/index';
import { workloadIsOwner } from '../../server/src/service/catalog/owners';
import { hostBindings, portNumber } from '../../server/src/service/model/ports';
import type { Workload } from '../../server/src/service/model/types';
import { sharedPath } from '../support/shared';
import { readWorkspace } from '../support/workspace';

const CORPUS = sharedPath('corpus');
const files = readWorkspace(CORPUS);
const catalog = selectCatalogs(BUILTIN_CATALOGS, BUILTIN_PLATFORMS, []);

function workloadsOf(uriPart: string): Workload[] {
  return files.filter((f) => f.uri.includes(uriPart)).flatMap((f) => buildFileModel(f).workloads);
}

function boundPorts(uriPart: string): number[] {
  return workloadsOf(uriPart).flatMap((w) => hostBindings(w).map((b) => b.port));
}

describe('the shared corpus', () => {
  it('is all there', () => {
    expect(files.filter((f) => f.uri.includes('/templates/')).length).toBeGreaterThanOrEqual(7);
    expect(files.length).toBeGreaterThanOrEqual(15);
  });

  it('is read without a crash, and nothing louder than a hint is reported', () => {
    const loud = checkFiles(files).filter((d) => d.severity === 'error' || d.severity === 'warning');
    expect(loud.map((d) => `${d.uri}: ${d.rule}: ${d.message}`)).toEqual([]);
  });

  it('parses every template once its actions are blanked', () => {
    for (const file of files) expect(buildFileModel(file).parseErrors, file.uri).toEqual([]);
  });

  it('sees calico-typha bind 5473 on the node, as the owner of the catalog port', () => {
    const typha = workloadsOf('calico-typha.yaml').find((w) => w.name === 'calico-typha')!;
    expect(hostBindings(typha).map((b) => b.port)).toEqual([5473]);
    const reservations = catalog.nodeReservations(5473, 'TCP');
    expect(reservations.map((r) => r.entry.component)).toContain('calico-typha');
    expect(reservations.every((r) => workloadIsOwner(r.entry.owners, typha))).toBe(true);
  });

  it("sees the Cilium operator's hostPort 9234 on the node, as Cilium's own port", () => {
    const operator = workloadsOf('cilium-operator').find((w) => w.name === 'cilium-operator')!;
    expect(boundPorts('cilium-operator')).toContain(9234);
    const reservations = catalog.nodeReservations(9234, 'TCP');
    expect(reservations.map((r) => r.entry.component)).toEqual(['cilium-operator']);
    expect(workloadIsOwner(reservations[0]!.entry.owners, operator)).toBe(true);
  });

  it('recognises the Cilium agent, whose templated hostPorts are unknown, as the owner of its ports', () => {
    const agent = workloadsOf('cilium-agent').find((w) => w.kind === 'DaemonSet')!;
    expect(agent.hostNetwork).toBe(true);
    for (const port of [9879, 4244]) {
      const reservations = catalog.nodeReservations(port, 'TCP');
      expect(reservations.length).toBeGreaterThan(0);
      expect(reservations.every((r) => workloadIsOwner(r.entry.owners, agent))).toBe(true);
    }
  });

  it('sees the ingress-nginx hostPorts 80 and 443 and resolves its named targetPorts', () => {
    expect(boundPorts('ingress-nginx')).toEqual([80, 443]);
    const services = files.filter((f) => f.uri.includes('ingress-nginx')).flatMap((f) => buildFileModel(f).services);
    expect(services.flatMap((s) => s.ports.map((p) => p.targetPort?.raw))).toContainEqual({ kind: 'string', value: 'http', quoted: false });
  });

  it('reads the kgateway control plane ports as unknown and the rendered proxy ports as its own', () => {
    const proxy = workloadsOf('base-gateway-out').find((w) => w.name === 'gw')!;
    const ports = proxy.containers.flatMap((c) => c.ports.map((p) => portNumber(p.containerPort)));
    expect(ports).toEqual([8080, 9091]);
    const component = catalog.podEntries.find((r) => r.entry.component === 'gateway proxy')!;
    expect(workloadIsOwner(component.entry.owners, proxy)).toBe(true);
  });

  it('finds no port in comments: the 9093 in a calico comment is not a port', () => {
    const model = buildFileModel(files.find((f) => f.uri.includes('calico-typha'))!);
    expect(model.portFields.map((f) => f.raw)).not.toContainEqual({ kind: 'number', value: 9093 });
  });

  it('sees node-exporter bind 9100 on the node in the kube-prometheus manifest', () => {
    expect(boundPorts('nodeExporter-daemonset')).toEqual([9100]);
  });
});
