// Recognising a component's own workloads, so that a component on its own port is the owner of
// that port and never a collision with itself.

import type { Container, Labels, Workload } from '../model/types';
import type { Owners } from './types';

export function workloadIsOwner(owners: Owners | undefined, workload: Workload): boolean {
  if (!owners) return false;
  if (workload.name !== undefined && owners.names?.includes(workload.name)) return true;
  if (owners.labels?.some((set) => labelsContain(workload.podLabels, set) || labelsContain(workload.labels, set))) return true;
  // A container's name in `containers` identifies it only inside a workload already recognised.
  return workload.containers.some((container) => isOwnContainer(owners, container, false) === true);
}

/**
 * Is this container the component itself? 'unknown' when it has no image (absent, null, or not a
 * scalar) and its name says nothing. `containers` names count here only: a container called
 * `destination` is Linkerd's in Linkerd's destination pod, and says nothing about any other
 * workload.
 */
export function containerIsOwner(owners: Owners, container: Container): boolean | 'unknown' {
  return isOwnContainer(owners, container, true);
}

/** containerIsOwner, with `containers` names counted or not (outside a recognised workload). */
function isOwnContainer(owners: Owners, container: Container, byContainerName: boolean): boolean | 'unknown' {
  if (container.name !== undefined && (owners.names?.includes(container.name) || (byContainerName && owners.containers?.includes(container.name)))) return true;
  if (container.image === undefined) return 'unknown';
  return owners.images?.some((repository) => imageMatches(container.image!, repository)) ?? false;
}

function labelsContain(labels: Labels, set: Record<string, string>): boolean {
  let any = false;
  for (const key of Object.keys(set)) {
    if (labels.known[key] !== set[key]) return false;
    any = true;
  }
  return any;
}

/**
 * Does an image reference name this repository? Registry, tag and digest never matter, and the
 * repository's organisation may be another's, as mirrors and repackagers publish the same
 * component:
 * - the end of the image's path, whole segments: `calico/node` matches
 *   `docker.io/calico/node:v3.28.0`, `envoy-wrapper` matches `ghcr.io/kgateway-dev/envoy-wrapper:2.1`;
 * - `org/name` as one segment `org-name` (bitnami's `cilium-operator` for `cilium/operator`) or
 *   `mirrored-org-name` (Rancher's `rancher/mirrored-calico-node`);
 * - `org/name` by `name` alone when the name carries the organisation (`bitnami/cilium` for
 *   `cilium/cilium`); never a bare generic name (`bitnami/node` is not `calico/node`).
 */
export function imageMatches(image: string, repository: string): boolean {
  // The image's path: without its digest, then without the tag after its last segment. Found by
  // index, not split: this runs for every container against every owner of every catalog.
  let end = image.indexOf('@');
  if (end === -1) end = image.length;
  const lastSlash = image.lastIndexOf('/', end - 1);
  const tagColon = image.indexOf(':', lastSlash + 1);
  if (tagColon !== -1 && tagColon < end) end = tagColon;
  // The path ends with the repository's segments, whole.
  const from = end - repository.length;
  if (from >= 0 && image.startsWith(repository, from) && (from === 0 || image[from - 1] === '/')) return true;
  const slash = repository.indexOf('/');
  if (slash === -1 || repository.includes('/', slash + 1)) return false;
  const org = repository.slice(0, slash);
  const name = repository.slice(slash + 1);
  const last = image.slice(lastSlash + 1, end);
  return last === `${org}-${name}` || last === `mirrored-${org}-${name}` || (name.startsWith(org) && last === name);
}
