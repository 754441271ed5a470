// Questions the rules ask of the port model: what number a field holds, which ports a workload
// binds on its node, and how to name things in messages.

import type { Catalog, Reservation } from '../catalog/catalog';
import { isNodePlace, type BindInterface, type NodeRole, type Protocol } from '../catalog/types';
import type { Container, ContainerPortDecl, NodeRoleName, PortField, ProtocolValue, Workload } from './types';

/** The field's port number when it is a valid one (an integer in 1-65535). */
export function portNumber(field: PortField | undefined): number | undefined {
  const raw = field?.raw;
  if (raw?.kind !== 'number' || !Number.isInteger(raw.value) || raw.value < 1 || raw.value > 65535) return undefined;
  return raw.value;
}

/** The field's port name when it holds an unquoted or quoted string. */
export function portName(field: PortField | undefined): string | undefined {
  const raw = field?.raw;
  return raw?.kind === 'string' ? raw.value : undefined;
}

export function knownProtocol(protocol: ProtocolValue): Protocol | undefined {
  return typeof protocol === 'string' ? protocol : undefined;
}

/** A port a pod binds on its node's host network. */
export interface HostBinding {
  workload: Workload;
  container: Container;
  decl: ContainerPortDecl;
  /** The field that names the port: the hostPort, or for a host-network pod without one, the containerPort. */
  field: PortField;
  port: number;
  protocol: Protocol;
  interface: BindInterface;
  /** The specific address bound (`hostIP`, or the address a listen argument names), when it is neither loopback nor every address. */
  address?: string;
}

/**
 * Every port a workload binds on the node: each hostPort, and each containerPort of a
 * `hostNetwork: true` pod (whose hostPort defaults to its containerPort). Init containers count:
 * they bind, however briefly, on the same node.
 */
export function hostBindings(workload: Workload): HostBinding[] {
  const bindings: HostBinding[] = [];
  for (const container of workload.containers) {
    if (container.kind === 'ephemeral') continue;
    for (const decl of container.ports) {
      const protocol = knownProtocol(decl.protocol);
      if (!protocol) continue;
      const field = decl.hostPort ?? (workload.hostNetwork ? decl.containerPort : undefined);
      const port = portNumber(field);
      if (!field || port === undefined) continue;
      // On the host network, the program binds the node's port where its arguments say it
      // listens (a hostPort is bound where hostIP says: the program listens inside the pod).
      const listen = !decl.hostPort && decl.hostIP === undefined ? container.listens.find((l) => l.port === port) : undefined;
      if (listen) {
        bindings.push({ workload, container, decl, field, port, protocol, interface: listen.interface, ...(listen.address !== undefined ? { address: listen.address } : {}) });
        continue;
      }
      const bind = interfaceOf(decl.hostIP);
      bindings.push({ workload, container, decl, field, port, protocol, interface: bind, ...(bind === 'default' ? { address: decl.hostIP } : {}) });
    }
  }
  return bindings;
}

function interfaceOf(hostIP: string | undefined): BindInterface {
  if (hostIP === undefined || hostIP === '' || hostIP === '0.0.0.0' || hostIP === '::') return 'all';
  if (hostIP === '::1' || hostIP.startsWith('127.')) return 'localhost';
  return 'default';
}

/** Two binds of one port collide unless each names a different specific address. */
export function interfacesCollide(a: BindInterface, b: BindInterface): boolean {
  return a === 'all' || b === 'all' || a === b;
}

export function rolesOverlap(a: readonly NodeRoleName[], b: readonly NodeRoleName[]): boolean {
  return a.some((role) => b.includes(role));
}

/**
 * The node reservations a port bound on nodes of these roles, on this interface, meets. A daemon
 * on one specific address (NodeLocal DNSCache's 169.254.20.10) meets a bind of every address or of
 * that address, not a pod that binds the node's own (`address`: the pod's hostIP).
 */
export function reservationsMet(catalog: Catalog, port: number, protocol: Protocol, roles: readonly NodeRoleName[], bind: BindInterface, address?: string): Reservation[] {
  return catalog.nodeReservations(port, protocol).filter(({ entry }) => {
    if (!isNodePlace(entry.where)) return false;
    const { roles: reserved, interface: daemon, address: daemonAddress } = entry.where.node;
    if (!reachesRoles(reserved, roles)) return false;
    if (daemonAddress !== undefined && bind === 'default') return address === undefined || address === daemonAddress;
    return interfacesCollide(daemon, bind);
  });
}

/** Does a reservation on nodes of `reserved` roles meet a pod that lands on `lands` roles? */
export function reachesRoles(reserved: readonly NodeRole[], lands: readonly NodeRoleName[]): boolean {
  return reserved.includes('all') || reserved.some((role) => lands.includes(role as NodeRoleName));
}

/**
 * Two objects of one kind, name and namespace are one object seen twice (a kustomize base and its
 * patch, one manifest copied per environment), never two that collide.
 */
export function sameObject<T extends { uri: string; kind?: string; name?: string; namespace?: string }>(a: T, b: T): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind || (a.namespace !== undefined && b.namespace !== undefined && a.namespace !== b.namespace)) return false;
  return a.name !== undefined && a.name === b.name;
}

export function describeWorkload(workload: Workload): string {
  if (workload.name !== undefined) return `${workload.kind} ${workload.name}`;
  return `${workload.kind} (unnamed)`;
}

export function describeRoles(roles: readonly string[]): string {
  if (roles.includes('all')) return 'all nodes';
  return `${roles.join(' and ')} nodes`;
}

/** Where a binding comes from, for messages: `hostPort 10250/TCP` or `host-network containerPort 10250/TCP`. */
export function describeBinding(binding: HostBinding): string {
  const how = binding.field.key === 'hostPort' ? 'hostPort' : 'host-network containerPort';
  return `${how} ${binding.port}/${binding.protocol}`;
}
