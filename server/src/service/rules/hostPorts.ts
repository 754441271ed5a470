// Ports bound on the node: reserved by a platform component (host-port-reserved), bound by two
// workloads that can share a node (host-port-conflict), or inside the NodePort range
// (host-port-in-node-port-range).

import { describeReservation, type Reservation } from '../catalog/catalog';
import { workloadIsOwner } from '../catalog/owners';
import type { NodePlace } from '../catalog/types';
import {
  describeBinding,
  describeRoles,
  describeWorkload,
  hostBindings,
  interfacesCollide,
  reservationsMet,
  sameObject,
  rolesOverlap,
  type HostBinding,
} from '../model/ports';
import type { Finding } from '../types';
import { unitOf } from '../model/links';
import { byLocation, groupBy, listSome, MAX_RELATED, type RuleContext } from './context';

/** What one file's own host ports meet: reservations and the NodePort range. */
export function checkHostPorts(context: RuleContext): Finding[] {
  const bindings = context.files.flatMap((file) => file.workloads.flatMap(hostBindings));
  return [...reserved(context, bindings), ...inNodePortRange(context, bindings)];
}

/** Host ports that workloads across the workspace share. */
export function checkHostPortConflicts(context: RuleContext): Finding[] {
  return conflicts(context.files.flatMap((file) => file.workloads.flatMap(hostBindings)));
}

function reserved({ catalog }: RuleContext, bindings: HostBinding[]): Finding[] {
  const findings: Finding[] = [];
  for (const binding of bindings) {
    const candidates = reservationsMet(catalog, binding.port, binding.protocol, binding.workload.placement.roles, binding.interface, binding.address);
    if (candidates.length === 0) continue;
    // The component on its own port is the owner: no collision, whichever platform is meant.
    if (candidates.some(({ entry }) => workloadIsOwner(entry.owners, binding.workload))) continue;
    const { workload } = binding;
    findings.push({
      rule: 'host-port-reserved',
      uri: binding.field.uri,
      span: binding.field.span,
      port: binding.port,
      protocol: binding.protocol,
      message:
        `${describeBinding(binding)} collides with a port the platform reserves on the node: ${describeReservations(candidates)}. ` +
        `${describeWorkload(workload)} can land on ${describeRoles(workload.placement.roles)} (${workload.placement.reason})`,
      related: [],
    });
  }
  return findings;
}

/** One phrase per component and platform, with the node roles of all its rows merged. */
function describeReservations(reservations: Reservation[]): string {
  const groups = groupBy(reservations, ({ entry, catalog }) => `${catalog.platform}\0${entry.component}\0${entry.usage}\0${entry.source}`);
  return [...groups.values()]
    .map((group) => {
      const roles = [...new Set(group.flatMap(({ entry }) => (entry.where as NodePlace).node.roles))];
      const iface = (group[0]!.entry.where as NodePlace).node.interface;
      const bound = iface === 'localhost' ? ', bound on localhost' : iface === 'default' ? ', bound on the node address' : '';
      return describeReservation(group[0]!, describeRoles(roles.includes('all') ? ['all'] : roles)) + bound;
    })
    .join('; ');
}

function conflicts(bindings: HostBinding[]): Finding[] {
  return [...groupBy(bindings, hostPortKey).values()].flatMap(conflictsInGroup);
}

/** The key host-port conflicts are grouped by: one port on one protocol. */
export function hostPortKey(binding: HostBinding): string {
  return `${binding.port}/${binding.protocol}`;
}

/** The conflicts among bindings of one port and protocol. */
export function conflictsInGroup(bindings: readonly HostBinding[]): Finding[] {
  const findings: Finding[] = [];
  if (bindings.length < 2) return findings;
  // In file order, so that a message reads the same however the group was gathered.
  const group = [...bindings].sort(byLocation);
  for (const binding of group) {
    const others = group.filter(
      (other) =>
        !sameObject(other.workload, binding.workload) &&
        !sameComponent(other, binding) &&
        rolesOverlap(other.workload.placement.roles, binding.workload.placement.roles) &&
        interfacesCollide(other.interface, binding.interface),
    );
    if (others.length === 0) continue;
    const names = listSome(others.map((other) => describeWorkload(other.workload)));
    findings.push({
      rule: 'host-port-conflict',
      uri: binding.field.uri,
      span: binding.field.span,
      port: binding.port,
      protocol: binding.protocol,
      message: `${describeBinding(binding)} is also bound on the node by ${names}; pods of both can land on the same node, and the second stays Pending`,
      related: others.slice(0, MAX_RELATED).map((other) => ({
        uri: other.field.uri,
        span: other.field.span,
        message: `${describeWorkload(other.workload)} binds ${other.port}/${other.protocol} here`,
      })),
    });
  }
  return findings;
}

/**
 * Two bindings of one port by containers of one image in different units (a chart, a folder of
 * plain manifests) are one component packaged twice: a project's chart and its plain manifests
 * are alternatives a repository holds side by side, and a cluster runs one of them. Within one
 * unit, two workloads of one image do compete for the port.
 */
function sameComponent(a: HostBinding, b: HostBinding): boolean {
  const repository = (image: string | undefined) => image?.replace(/@.*$/, '').replace(/:[^/]*$/, '').split('/').slice(-2).join('/');
  const mine = repository(a.container.image);
  return mine !== undefined && mine === repository(b.container.image) && unitOf(a.field.uri) !== unitOf(b.field.uri);
}

function inNodePortRange({ settings }: RuleContext, bindings: HostBinding[]): Finding[] {
  const { from, to } = settings.nodePortRange;
  return bindings
    .filter((binding) => from <= binding.port && binding.port <= to)
    .map((binding) => ({
      rule: 'host-port-in-node-port-range' as const,
      uri: binding.field.uri,
      span: binding.field.span,
      port: binding.port,
      protocol: binding.protocol,
      message: `${describeBinding(binding)} lies in the NodePort range ${from}-${to}, where kube-proxy may already hold it for a Service's nodePort`,
      related: [],
    }));
}
