// The cluster over the protocol, with the real server: what it tells the editor (`portolan/cluster`
// and its log), the cluster file at the workspace root read, followed as it is edited and as it
// changes on disk, and its mistakes published on it.

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TestClient } from './client';
import { CALICO_NODE, exporterOn } from '../support/clusterManifests';

const exporter = exporterOn([179, 4240]);

let client: TestClient | undefined;

afterEach(async () => {
  await client?.shutdown();
  client = undefined;
});

const told = (label: string) => () => client!.clusters.at(-1)?.label === label;

describe('the cluster over stdio', () => {
  it('tells the editor the cluster it assumes, and logs it, with what it detected', async () => {
    client = await TestClient.start({ 'cni/calico.yaml': CALICO_NODE, 'apps/exporter.yaml': exporter });
    await client.waitFor('the cluster', told('kubernetes + calico 3.28.0 (detected)'));
    await client.waitForRules('apps/exporter.yaml', ['host-port-reserved']);
    const cluster = client.clusters.at(-1)!;
    expect(cluster.components.map((c) => c.platform)).toEqual(['kubernetes', 'calico']);
    expect(cluster.tooltip).toContain('detected: DaemonSet calico-node in cni/calico.yaml');
    expect(cluster.file).toBeUndefined();
    expect(client.logs).toContainEqual(expect.stringContaining('Portolan assumes the cluster: kubernetes (default) + calico 3.28.0 (detected: DaemonSet calico-node in cni/calico.yaml)'));
    // Told once, not with every publication.
    expect(client.clusters).toHaveLength(1);
  });

  it('reads the cluster file at the root, shows its mistakes on it, and follows it on disk', async () => {
    client = await TestClient.start({ '.portolan.json': '{ "cni": "calcio" }', 'cni/calico.yaml': CALICO_NODE, 'apps/exporter.yaml': exporter });
    await client.waitFor('the cluster', told('kubernetes + calico 3.28.0 (detected)'));
    await client.waitForRules('.portolan.json', ['cluster-file-invalid']);
    expect(client.diagnostics.get(client.uri('.portolan.json'))![0]!.message).toContain('cni "calcio" is not a known network plugin');
    expect(client.clusters.at(-1)).toMatchObject({ file: client.uri('.portolan.json'), problems: 1 });

    writeFileSync(join(client.root, '.portolan.json'), '{ "cni": "cilium" }');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('.portolan.json'), type: 2 }] });
    await client.waitFor('the cluster file to apply', told('kubernetes + cilium'));
    await client.waitForRules('.portolan.json', []);
    // Cilium's health port, not Calico's BGP port.
    await client.waitFor('4240 only', () => JSON.stringify(client!.diagnostics.get(client!.uri('apps/exporter.yaml'))?.map((d) => String(d.message).includes('Cilium'))) === '[true]');

    rmSync(join(client.root, '.portolan.json'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('.portolan.json'), type: 3 }] });
    await client.waitFor('the cluster file to go', told('kubernetes + calico 3.28.0 (detected)'));
  });

  it('follows a cluster file as it is typed, and never reads it as a manifest', async () => {
    client = await TestClient.start({ '.portolan.yaml': 'distribution: kubernetes\n', 'apps/exporter.yaml': exporter });
    await client.waitFor('the cluster', told('kubernetes'));
    await client.open('.portolan.yaml', 'distribution: kubernetes\n');
    await client.change('.portolan.yaml', { start: { line: 0, character: 14 }, end: { line: 0, character: 24 } }, 'openshift');
    await client.waitFor('the cluster as typed', told('openshift'));
    await client.change('.portolan.yaml', { start: { line: 0, character: 14 }, end: { line: 0, character: 23 } }, 'openshfit');
    await client.waitForRules('.portolan.yaml', ['cluster-file-invalid']);
    expect(client.diagnostics.get(client.uri('.portolan.yaml'))![0]!.range.start).toEqual({ line: 0, character: 14 });
  });
});
