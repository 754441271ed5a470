// Recognising a component's own workloads, so that a component on its own port is the owner of
// that port and never a collision with itself.

import type { Container, Labels, Workload } from '../model/types';
import type { Owners } from './types';

export function workloadIsOwner(owners: Owners | undefined, workload: Workload): boolean {
  if (!owners) return false;
  if (workload.name !== undefined && owners.names?.includes(workload.name)) return true;
  if (owners.labels?.some((set) => labelsContain(workload.podLabels, set) || labelsContain(workload.labels, set))) return true;
  // A container's name in `containers` identifies it only inside a workload already recognised.
  const { containers: _inside, ...outside } = owners;
  return workload.containers.some((container) => containerIsOwner(outside, container) === true);
}

/**
 * Is this container the component itself? 'unknown' when it has no image (absent, null, or not a
 * scalar) and its name says nothing. `containers` names count here only: a container called
 * `destination` is Linkerd's in Linkerd's destination pod, and says nothing about any other
 * workload.
 */
export function containerIsOwner(owners: Owners, container: Container): boolean | 'unknown' {
  if (container.name !== undefined && (owners.names?.includes(container.name) || owners.containers?.includes(container.name))) return true;
  if (container.image === undefined) return 'unknown';
  return owners.images?.some((repository) => imageMatches(container.image!, repository)) ?? false;
}

function labelsContain(labels: Labels, set: Record<string, string>): boolean {
  const pairs = Object.entries(set);
  return pairs.length > 0 && pairs.every(([key, value]) => labels.known[key] === value);
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
  let path = image.split('@')[0] ?? image;
  const lastSlash = path.lastIndexOf('/');
  const tagColon = path.indexOf(':', lastSlash + 1);
  if (tagColon !== -1) path = path.slice(0, tagColon);
  const segments = path.split('/');
  const wanted = repository.split('/');
  if (wanted.length <= segments.length && segments.slice(segments.length - wanted.length).every((segment, i) => segment === wanted[i])) return true;
  if (wanted.length !== 2) return false;
  const [org, name] = wanted as [string, string];
  const last = segments[segments.length - 1]!;
  return last === `${org}-${name}` || last === `mirrored-${org}-${name}` || (name.startsWith(org) && last === name);
}
