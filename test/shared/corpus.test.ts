// The engine over ../shared/corpus: real manifests and charts nobody here wrote. Its README says
// what a correct checker reports about each; these tests hold the engine to it, and show that
// the silence is earned: the ports are seen, and the catalog knows them.
//
// The corpus's charts keep only the templates that carry ports (their _helpers.tpl is gone), so
// helm cannot render them, and neither does Portolan: each of their templates has a template-error
// naming the missing named template, as helm's (charts.test.ts compares them with the real helm,
// and shows what these charts' ports do on the complete charts of ../shared/realworld). The plain
// manifests are read and held to the README here.

import { describe, expect, it } from 'vitest';
import { BUILTIN_CATALOGS, buildFileModel, chartFolders, checkFiles, selectCatalogs } from '../../server/src/service/index';
import { workloadIsOwner } from '../../server/src/service/catalog/owners';
import { hostBindings, portNumber } from '../../server/src/service/model/ports';
import type { Workload } from '../../server/src/service/model/types';
import { sharedPath } from '../support/shared';
import { readWorkspace } from '../support/workspace';

const CORPUS = sharedPath('corpus');
const files = readWorkspace(CORPUS);
// The corpus comes from clusters of the three platforms Portolan started with: their catalogs.
const catalog = selectCatalogs(BUILTIN_CATALOGS, ['kgateway', 'konvoy', 'canonical-kubernetes'], []);
const charts = [...chartFolders(files.map((f) => f.uri))].sort();

/** The corpus chart a file belongs to, if it is a chart's file. */
function chartOf(uri: string): string | undefined {
  return charts.find((chart) => uri.startsWith(`${chart}/`));
}

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
    expect(charts).toEqual(['cilium', 'kgateway', 'kgateway-proxy', 'prometheus-node-exporter']);
  });

  it('is read without a crash; the only findings louder than a hint are the charts\' template-errors', () => {
    const found = checkFiles(files);
    const loud = found.filter((d) => d.severity === 'error' || d.severity === 'warning');
    const templates = files.filter((f) => chartOf(f.uri) !== undefined && f.uri.includes('/templates/')).map((f) => f.uri);
    // Every template of every corpus chart fails on a named template its chart no longer has
    // (helm fails on each of them alone too: charts.test.ts), once, and nothing else is loud.
    expect(loud.filter((d) => d.rule !== 'template-error').map((d) => `${d.uri}: ${d.rule}: ${d.message}`)).toEqual([]);
    expect(loud.map((d) => d.uri).sort()).toEqual([...templates].sort());
    for (const d of loud) expect(d.message, d.uri).toMatch(/^helm template fails here: error calling include: template: no template "[^"]+" associated with template "gotpl"$/);
    // The plain manifests: nothing louder than a hint.
    expect(found.filter((d) => chartOf(d.uri) === undefined && d.severity !== 'hint').map((d) => `${d.uri}: ${d.rule}: ${d.message}`)).toEqual([]);
  });

  it('parses every plain manifest without a parse error', () => {
    const plain = files.filter((f) => chartOf(f.uri) === undefined);
    expect(plain.length).toBeGreaterThanOrEqual(5);
    for (const file of plain) expect(buildFileModel(file).parseErrors, file.uri).toEqual([]);
  });

  it('sees calico-typha bind 5473 on the node, as the owner of the catalog port', () => {
    const typha = workloadsOf('calico-typha.yaml').find((w) => w.name === 'calico-typha')!;
    expect(hostBindings(typha).map((b) => b.port)).toEqual([5473]);
    const reservations = catalog.nodeReservations(5473, 'TCP');
    expect(reservations.map((r) => r.entry.component)).toContain('calico-typha');
    expect(reservations.every((r) => workloadIsOwner(r.entry.owners, typha))).toBe(true);
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
