// Recognising a component's own workloads, so that a component on its own port is the owner of
// that port and never a collision with itself.

import type { Container, Labels, Workload } from '../model/types';
import type { Owners } from './types';

export function workloadIsOwner(owners: Owners | undefined, workload: Workload): boolean {
  if (!owners) return false;
  if (workload.name !== undefined && owners.names?.includes(workload.name)) return true;
  if (owners.labels?.some((set) => labelsContain(workload.podLabels, set) || labelsContain(workload.labels, set))) return true;
  return workload.containers.some((container) => containerIsOwner(owners, container) === true);
}

/** Is this container the component itself? 'unknown' when its image is templated and its name says nothing. */
export function containerIsOwner(owners: Owners, container: Container): boolean | 'unknown' {
  if (container.name !== undefined && owners.names?.includes(container.name)) return true;
  if (container.image === undefined) return 'unknown';
  return owners.images?.some((repository) => imageMatches(container.image!, repository)) ?? false;
}

function labelsContain(labels: Labels, set: Record<string, string>): boolean {
  const pairs = Object.entries(set);
  return pairs.length > 0 && pairs.every(([key, value]) => labels.known[key] === value);
}

/**
 * Does an image reference name this repository? The repository is matched against the end of the
 * image's path, whole segments only, ignoring registry, tag and digest: `calico/node` matches
 * `docker.io/calico/node:v3.28.0`, `envoy-wrapper` matches `ghcr.io/kgateway-dev/envoy-wrapper:2.1`.
 */
export function imageMatches(image: string, repository: string): boolean {
  let path = image.split('@')[0] ?? image;
  const lastSlash = path.lastIndexOf('/');
  const tagColon = path.indexOf(':', lastSlash + 1);
  if (tagColon !== -1) path = path.slice(0, tagColon);
  const segments = path.split('/');
  const wanted = repository.split('/');
  if (wanted.length > segments.length) return false;
  const tail = segments.slice(segments.length - wanted.length);
  return tail.every((segment, i) => segment === wanted[i]);
}
