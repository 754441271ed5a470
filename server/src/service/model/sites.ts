// Every port field of a file with what it belongs to, so that a position can be answered with
// "this is the hostPort of container X of DaemonSet Y" (hover, completion, code actions).

import type {
  Container,
  ContainerPortDecl,
  FileModel,
  Gateway,
  Listener,
  NetworkPolicyPort,
  PortField,
  ProbePort,
  Service,
  ServicePortDecl,
  ServicePortRef,
  Workload,
} from './types';
import type { Span } from '../types';

/** A field of a container's `ports` item. */
export interface ContainerPortSite {
  kind: 'container-port' | 'host-port' | 'container-port-name';
  field: PortField;
  workload: Workload;
  container: Container;
  decl: ContainerPortDecl;
}

/** A field of a Service's `ports` item. */
export interface ServicePortSite {
  kind: 'service-port' | 'target-port' | 'node-port' | 'service-port-name';
  field: PortField;
  service: Service;
  decl: ServicePortDecl;
}

export type PortSite =
  | ContainerPortSite
  | { kind: 'probe-port'; field: PortField; workload: Workload; container: Container; probe: ProbePort }
  | ServicePortSite
  | { kind: 'listener-port'; field: PortField; gateway: Gateway; listener: Listener }
  | { kind: 'backend-port'; field: PortField; ref: ServicePortRef }
  | { kind: 'network-policy-port'; field: PortField; policyPort: NetworkPolicyPort };

export type PortSiteKind = PortSite['kind'];

/** The sites of a file in text order. */
export function sitesOf(model: FileModel): PortSite[] {
  const sites: PortSite[] = [];
  for (const workload of model.workloads) {
    for (const container of workload.containers) {
      for (const decl of container.ports) {
        if (decl.containerPort) sites.push({ kind: 'container-port', field: decl.containerPort, workload, container, decl });
        if (decl.hostPort) sites.push({ kind: 'host-port', field: decl.hostPort, workload, container, decl });
        if (decl.name) sites.push({ kind: 'container-port-name', field: decl.name, workload, container, decl });
      }
      for (const probe of container.probes) sites.push({ kind: 'probe-port', field: probe.port, workload, container, probe });
    }
  }
  for (const service of model.services) {
    for (const decl of service.ports) {
      if (decl.port) sites.push({ kind: 'service-port', field: decl.port, service, decl });
      if (decl.targetPort) sites.push({ kind: 'target-port', field: decl.targetPort, service, decl });
      if (decl.nodePort) sites.push({ kind: 'node-port', field: decl.nodePort, service, decl });
      if (decl.name) sites.push({ kind: 'service-port-name', field: decl.name, service, decl });
    }
  }
  for (const gateway of model.gateways) {
    for (const listener of gateway.listeners) if (listener.port) sites.push({ kind: 'listener-port', field: listener.port, gateway, listener });
  }
  for (const ref of model.serviceRefs) sites.push({ kind: 'backend-port', field: ref.port, ref });
  for (const policyPort of model.networkPolicyPorts) {
    if (policyPort.port) sites.push({ kind: 'network-policy-port', field: policyPort.port, policyPort });
  }
  return sites.sort((a, b) => a.field.span.start - b.field.span.start);
}

/** The site whose key or value holds the offset (a cursor just past the value counts). */
export function siteAt(sites: readonly PortSite[], offset: number): PortSite | undefined {
  const within = (span: Span | undefined) => span !== undefined && span.start <= offset && offset <= span.end;
  return sites.find((site) => within(site.field.span) || within(site.field.keySpan));
}
