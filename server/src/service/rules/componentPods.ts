// pod-port-reserved: ports a platform component keeps inside its own pods. A container added to
// such a pod (a sidecar in the kgateway proxy, say) must not declare one of them, and a Gateway
// served by the component must not put a listener on one, or two listeners on one proxy port.

import type { Catalog, Reservation } from '../catalog/catalog';
import { containerIsOwner, workloadIsOwner } from '../catalog/owners';
import type { Owners, Protocol } from '../catalog/types';
import { describeWorkload, knownProtocol, portNumber } from '../model/ports';
import type { Gateway, PortField, Workload } from '../model/types';
import type { KgatewayPortMapping } from '../settings';
import type { Finding } from '../types';
import { groupBy, type RuleContext } from './context';

interface Component {
  name: string;
  owners: Owners;
  /** The ports it keeps for itself (not those where listeners land). */
  reserved: Reservation[];
}

export function checkComponentPods(context: RuleContext): Finding[] {
  const components = componentsOf(context.catalog.podEntries);
  const workloads = context.files.flatMap((file) => file.workloads);
  const gateways = context.files.flatMap((file) => file.gateways);
  return components.flatMap((component) => [
    ...workloads.flatMap((workload) => addedContainers(component, workload)),
    ...gateways.flatMap((gateway) => listeners(component, gateway, context.settings.kgatewayPortMapping)),
  ]);
}

function componentsOf(entries: Reservation[]): Component[] {
  const groups = groupBy(entries, ({ entry, catalog }) => `${catalog.platform}\0${entry.component}`);
  return [...groups.values()].flatMap((group) => {
    const owners = group.find(({ entry }) => entry.owners)?.entry.owners;
    if (!owners) return [];
    return [{ name: `${group[0]!.entry.component} (${group[0]!.catalog.title})`, owners, reserved: group.filter(({ entry }) => !entry.listenerPort) }];
  });
}

function reservationOf(component: Component, port: number, protocol: string): Reservation | undefined {
  return component.reserved.find(({ entry }) => entry.port === port && entry.protocol === protocol);
}

function describe({ entry }: Reservation): string {
  return `${entry.usage} [${entry.source}]`;
}

/** Containers in the component's pod that are not the component itself, declaring its ports. */
function addedContainers(component: Component, workload: Workload): Finding[] {
  if (!workloadIsOwner(component.owners, workload)) return [];
  const findings: Finding[] = [];
  for (const container of workload.containers) {
    if (container.kind === 'init' || containerIsOwner(component.owners, container) !== false) continue;
    for (const decl of container.ports) {
      const port = portNumber(decl.containerPort);
      const protocol = knownProtocol(decl.protocol);
      const reservation = port !== undefined && protocol ? reservationOf(component, port, protocol) : undefined;
      if (!reservation) continue;
      findings.push({
        rule: 'pod-port-reserved',
        uri: workload.uri,
        span: decl.containerPort!.span,
        port,
        protocol,
        message: `containerPort ${port}/${protocol} of container "${container.name ?? '?'}" is kept by ${component.name} inside the pod of ${describeWorkload(workload)}: ${describe(reservation)}`,
        related: [],
      });
    }
  }
  return findings;
}

/** Where the proxy binds a listener's port under each kgateway version's mapping. */
export function proxyPort(listenerPort: number, mapping: KgatewayPortMapping): number {
  return mapping === 'v2.0' && listenerPort < 1024 ? listenerPort + 8000 : listenerPort;
}

/** The protocol of the proxy port a listener binds: UDP for a UDP listener, TCP for HTTP, HTTPS, TLS and TCP. */
export function listenerProtocol(protocol: string | undefined): Protocol {
  return protocol === 'UDP' ? 'UDP' : 'TCP';
}

function serves(component: Component, gateway: Gateway): boolean {
  return gateway.className !== undefined && component.owners.gatewayClasses?.includes(gateway.className) === true;
}

/**
 * For each component whose proxy serves the Gateway: where a listener on this port lands and what
 * the proxy keeps there (what the listener check reports), for completion to mark. Empty when no
 * component serves the Gateway's class.
 */
export function proxyLandings(catalog: Catalog, gateway: Gateway, port: number, protocol: Protocol, mapping: KgatewayPortMapping): { component: string; lands: number; reservation?: Reservation }[] {
  const lands = proxyPort(port, mapping);
  return componentsOf(catalog.podEntries)
    .filter((component) => serves(component, gateway))
    .map((component) => ({ component: component.name, lands, reservation: reservationOf(component, lands, protocol) }));
}

function listeners(component: Component, gateway: Gateway, mapping: KgatewayPortMapping): Finding[] {
  if (!serves(component, gateway)) return [];
  const findings: Finding[] = [];
  const landed = new Map<string, { field: PortField; port: number }>();
  for (const listener of gateway.listeners) {
    const port = portNumber(listener.port);
    if (port === undefined) continue;
    const field = listener.port!;
    const protocol = listenerProtocol(listener.protocol);
    const lands = proxyPort(port, mapping);
    const how = lands === port ? `listener port ${port}` : `listener port ${port} (kgateway v2.0.x binds it on ${lands})`;
    const reservation = reservationOf(component, lands, protocol);
    if (reservation) {
      findings.push({
        rule: 'pod-port-reserved',
        uri: gateway.uri,
        span: field.span,
        port: lands,
        protocol,
        message: `${how} lands on a port the ${component.name} keeps for itself: ${describe(reservation)}`,
        related: [],
      });
    }
    const key = `${lands}/${protocol}`;
    const first = landed.get(key);
    if (first && first.port !== port) {
      findings.push({
        rule: 'pod-port-reserved',
        uri: gateway.uri,
        span: field.span,
        port: lands,
        protocol,
        message: `${how} lands on the same proxy port ${lands} as listener port ${first.port}`,
        related: [{ uri: gateway.uri, span: first.field.span, message: `listener port ${first.port} also lands on ${lands}` }],
      });
    }
    if (!first) landed.set(key, { field, port });
  }
  return findings;
}
