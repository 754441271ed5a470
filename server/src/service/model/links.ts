// How ports point at each other: the workloads a Service selects, the container ports a
// targetPort reaches, the Service ports a backend names. Rules, hovers and completions share
// these, so that all three agree on what resolves.

import { portName, portNumber } from './ports';
import type { Container, ContainerPortDecl, Labels, PortField, Service, ServicePortDecl, ServicePortRef, Workload } from './types';

/** A manifest without a namespace goes wherever it is applied: it may be any namespace. */
export function sameNamespace(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}

/**
 * The unit a file belongs to: what is applied together, so that a Service selects among its own
 * unit's workloads and never among a stranger's that happen to share a label. A chart (its
 * templates, however deep), else the folder of plain manifests (a kustomization's resources sit
 * beside it). Files of other units never change what a Service selects.
 */
export function unitOf(uri: string): string {
  const templates = uri.lastIndexOf('/templates/');
  if (templates !== -1) return uri.slice(0, templates);
  const slash = uri.lastIndexOf('/');
  return slash === -1 ? '' : uri.slice(0, slash);
}

/** Does a selector match these pod labels? */
export function selects(selector: Labels, labels: Labels): boolean {
  return Object.entries(selector.known).every(([key, value]) => labels.known[key] === value);
}

/**
 * Workloads by pod label, so that a selector looks at the workloads carrying its first label
 * instead of every workload of the workspace.
 */
export class WorkloadIndex {
  private readonly byLabel = new Map<string, Set<Workload>>();

  constructor(workloads: readonly Workload[] = []) {
    for (const workload of workloads) this.add(workload);
  }

  add(workload: Workload): void {
    for (const key of labelKeys(workload)) {
      const set = this.byLabel.get(key);
      if (set) set.add(workload);
      else this.byLabel.set(key, new Set([workload]));
    }
  }

  remove(workload: Workload): void {
    for (const key of labelKeys(workload)) this.byLabel.get(key)?.delete(workload);
  }

  /** Every workload a selector could match (a superset: the caller still checks each). */
  candidates(selector: Labels): Iterable<Workload> {
    const first = Object.entries(selector.known)[0];
    if (!first) return [];
    return this.byLabel.get(`${first[0]}=${first[1]}`) ?? [];
  }
}

/** The `key=value` of every pod label of a workload, as the index files them. */
export function labelKeys(workload: Workload): string[] {
  return Object.entries(workload.podLabels.known).map(([key, value]) => `${key}=${value}`);
}

/** The `key=value` a selector's candidates are looked up by (its first label). */
export function selectorKey(service: Service): string | undefined {
  const first = service.selector && Object.entries(service.selector.known)[0];
  return first ? `${first[0]}=${first[1]}` : undefined;
}

/** The workloads a Service's selector matches, in its namespace and unit. */
export function selectedWorkloads(service: Service, workloads: readonly Workload[] | WorkloadIndex): Workload[] {
  const selector = service.selector;
  if (!selector || Object.keys(selector.known).length === 0) return [];
  const unit = unitOf(service.uri);
  const selected: Workload[] = [];
  for (const workload of workloads instanceof WorkloadIndex ? workloads.candidates(selector) : workloads) {
    if (!sameNamespace(workload.namespace, service.namespace) || unitOf(workload.uri) !== unit) continue;
    if (selects(selector, workload.podLabels)) selected.push(workload);
  }
  return selected;
}

export interface ContainerPortMatch {
  workload: Workload;
  container: Container;
  decl: ContainerPortDecl;
}

/** Does this declaration declare the port a target names (by number, or by name)? */
export function declares(decl: ContainerPortDecl, target: PortField): boolean {
  const number = portNumber(target);
  if (number !== undefined) return portNumber(decl.containerPort) === number;
  const name = portName(target);
  return name !== undefined && portName(decl.name) === name;
}

/** The container ports (of long-running containers) a targetPort or probe port names. */
export function declaredPorts(target: PortField, workloads: readonly Workload[]): ContainerPortMatch[] {
  const number = portNumber(target);
  const name = portName(target);
  const matches: ContainerPortMatch[] = [];
  for (const workload of workloads) {
    for (const container of workload.containers) {
      if (container.kind === 'init' || container.kind === 'ephemeral') continue;
      for (const decl of container.ports) {
        const hit = number !== undefined ? portNumber(decl.containerPort) === number : name !== undefined && portName(decl.name) === name;
        if (hit) matches.push({ workload, container, decl });
      }
    }
  }
  return matches;
}

/** The field a Service port's traffic goes to: its targetPort, or its port when none is given. */
export function effectiveTarget(decl: ServicePortDecl): PortField | undefined {
  return decl.targetPort ?? decl.port;
}

/** The Services named by a backend reference (by name and namespace). */
export function servicesNamed(ref: ServicePortRef, services: readonly Service[]): Service[] {
  return services.filter((s) => s.name === ref.serviceName && sameNamespace(s.namespace, ref.namespace));
}

/** The port of a Service that a backend reference names, by number or by name. */
export function servicePortFor(ref: ServicePortRef, service: Service): ServicePortDecl | undefined {
  const number = portNumber(ref.port);
  const name = portName(ref.port);
  return service.ports.find((p) => (number !== undefined ? portNumber(p.port) === number : name !== undefined && portName(p.name) === name));
}
