// What the workspace shows the cluster runs: node agents (DaemonSets, and workloads on the host
// network) that a network plugin's or an add-on's catalog recognises as its own. A calico-node
// DaemonSet means Calico runs on every node, so Calico's ports count for every other manifest; a
// Deployment that happens to use a Calico image does not. Pure.

import { imageMatches, workloadIsOwner } from '../catalog/owners';
import type { LoadedCatalog, Owners } from '../catalog/types';
import { parseVersion } from '../catalog/versions';
import { describeWorkload } from '../model/ports';
import type { FileModel, Workload } from '../model/types';
import type { Span } from '../types';

/** A node agent of the workspace that some catalogs recognise. */
export interface NodeAgent {
  uri: string;
  span: Span;
  /** `DaemonSet calico-node`. */
  workload: string;
  /** Every catalog whose owners match it: network plugins and add-ons, and distributions that ship it. */
  catalogs: string[];
  /** The version its image's tag names, per catalog, when the tag is a version (`v3.28.0`). */
  versions: Record<string, string>;
}

/** Is the workload on every node or on the host network, where a component's ports are the node's? */
export function isNodeAgent(workload: Workload): boolean {
  return workload.kind === 'DaemonSet' || workload.hostNetwork === true;
}

/** The node agents of one file's model that catalogs recognise. Only network plugins and add-ons are detected; distributions are only noted. */
export function nodeAgentsOf(model: FileModel, catalogs: readonly LoadedCatalog[]): NodeAgent[] {
  const agents: NodeAgent[] = [];
  // Each catalog's owners, listed once for the file's workloads.
  let ownersByCatalog: Owners[][] | undefined;
  for (const workload of model.workloads) {
    if (!isNodeAgent(workload)) continue;
    ownersByCatalog ??= catalogs.map((catalog) => catalog.entries.map((entry) => entry.owners).filter((o): o is Owners => o !== undefined));
    let matched: string[] = [];
    /** Network plugins that know the workload by its parts (a container's name or image), not by its own name or labels. */
    const byParts = new Set<string>();
    const versions: Record<string, string> = {};
    for (const [index, catalog] of catalogs.entries()) {
      const owners = ownersByCatalog[index]!;
      const owner = owners.find((o) => workloadIsOwner(o, workload));
      if (!owner) continue;
      matched.push(catalog.platform);
      if (catalog.kind === 'network' && !owners.some((o) => workloadIsNamed(o, workload))) byParts.add(catalog.platform);
      const version = imageVersion(workload, owner);
      if (version !== undefined) versions[catalog.platform] = version;
    }
    // A network plugin built from others' parts claims its agent: Canal's DaemonSet (named canal)
    // runs Calico's calico-node and Flannel's images, and is neither Calico (with its BGP) nor
    // Flannel alone.
    const kindOf = (id: string) => catalogs.find((c) => c.platform === id)?.kind;
    if (matched.some((id) => kindOf(id) === 'network' && !byParts.has(id))) matched = matched.filter((id) => !byParts.has(id));
    if (!matched.some((id) => catalogs.find((c) => c.platform === id)?.kind !== 'distribution')) continue;
    agents.push({ uri: workload.uri, span: workload.span, workload: describeWorkload(workload), catalogs: matched, versions });
  }
  return agents;
}

/** Do the owners know the workload by its own name or labels (not by a container's name or image)? */
function workloadIsNamed(owners: Owners, workload: Workload): boolean {
  if (workload.name !== undefined && owners.names?.includes(workload.name)) return true;
  return (owners.labels?.length ?? 0) > 0 && workloadIsOwner({ labels: owners.labels! }, workload);
}

/** The version in the tag of the first container image the owners name: `calico/node:v3.28.0` is 3.28.0. */
function imageVersion(workload: Workload, owners: Owners): string | undefined {
  for (const container of workload.containers) {
    const image = container.image;
    if (image === undefined || !(owners.images ?? []).some((repository) => imageMatches(image, repository))) continue;
    const withoutDigest = image.split('@')[0]!;
    const colon = withoutDigest.lastIndexOf(':');
    if (colon === -1 || colon < withoutDigest.lastIndexOf('/')) continue;
    const tag = withoutDigest.slice(colon + 1);
    const version = parseVersion(tag);
    // 0.0.0 is a development build's placeholder (a chart's unreleased default), no release.
    if (version && version.some((part) => part > 0)) return `${version[0]}.${version[1]}.${version[2]}`;
  }
  return undefined;
}
