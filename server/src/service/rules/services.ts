// Service ports: nodePorts outside the NodePort range (node-port-out-of-range) or used twice
// across the workspace (node-port-conflict), and ports or names a Service lists twice
// (service-port-duplicate).

import { knownProtocol, portName, portNumber, sameObject } from '../model/ports';
import type { PortField, Service } from '../model/types';
import type { Finding } from '../types';
import { byLocation, groupBy, listSome, MAX_RELATED, type RuleContext } from './context';

/** What one Service's own ports get wrong. */
export function checkServices(context: RuleContext): Finding[] {
  const services = context.files.flatMap((file) => file.services);
  return [...nodePortRange(context, services), ...services.flatMap(duplicatePorts), ...services.flatMap(unnamedPorts)];
}

/**
 * A Service with more than one port must name each (validation.go ValidateService: requireName
 * when len(ports) > 1; validateServicePort: "spec.ports[i].name: Required value").
 */
function unnamedPorts(service: Service): Finding[] {
  if (service.ports.length < 2 || service.portsOpen) return [];
  return service.ports.flatMap((decl, index): Finding[] => {
    const name = decl.name?.raw;
    const named = name !== undefined && !(name.kind === 'other' && ['', 'null', '~'].includes(name.text.trim())) && !(name.kind === 'string' && name.value === '');
    if (named) return [];
    const port = portNumber(decl.port);
    const at = decl.port?.keySpan ?? decl.port?.span ?? decl.span;
    return [
      {
        rule: 'port-invalid',
        uri: service.uri,
        span: at,
        ...(port !== undefined ? { port } : {}),
        message: `${describeService(service)} lists ${service.ports.length} ports, so each needs a name, and port ${index + 1}${port !== undefined ? ` (${port})` : ''} has none: the API server rejects the Service (spec.ports[${index}].name: Required value)`,
        related: [],
      },
    ];
  });
}

/** nodePorts that Services across the workspace share. */
export function checkNodePortConflicts(context: RuleContext): Finding[] {
  return nodePortConflicts(context.files.flatMap((file) => file.services));
}

function describeService(service: Service): string {
  return `Service ${service.namespace ? `${service.namespace}/` : ''}${service.name ?? '(unnamed)'}`;
}

function nodePortRange({ settings }: RuleContext, services: Service[]): Finding[] {
  const { from, to } = settings.nodePortRange;
  const findings: Finding[] = [];
  for (const service of services) {
    for (const decl of service.ports) {
      const nodePort = portNumber(decl.nodePort);
      if (nodePort === undefined || (from <= nodePort && nodePort <= to)) continue;
      findings.push({
        rule: 'node-port-out-of-range',
        uri: service.uri,
        span: decl.nodePort!.span,
        port: nodePort,
        protocol: knownProtocol(decl.protocol),
        message: `nodePort ${nodePort} is outside the NodePort range ${from}-${to}: the API server rejects the Service`,
        related: [],
      });
    }
  }
  return findings;
}

export interface NodePortUse {
  service: Service;
  field: PortField;
  port: number;
  protocol: string;
  /** The Service port (`port:`) this nodePort fronts; undefined when missing or not a valid number. */
  servicePort: number | undefined;
}

/** The nodePorts a Service asks for. */
export function nodePortUses(service: Service): NodePortUse[] {
  return service.ports.flatMap((decl) => {
    const port = portNumber(decl.nodePort);
    const protocol = knownProtocol(decl.protocol);
    return port !== undefined && protocol ? [{ service, field: decl.nodePort!, port, protocol, servicePort: portNumber(decl.port) }] : [];
  });
}

/**
 * The NodePort allocator holds numbers, whatever the protocol (kubernetes
 * pkg/registry/core/service/portallocator): a nodePort one Service holds for TCP is "already
 * allocated" to another Service asking for it for UDP. So uses are grouped by number alone.
 */
export function nodePortKey(use: NodePortUse): string {
  return String(use.port);
}

function nodePortConflicts(services: Service[]): Finding[] {
  return [...groupBy(services.flatMap(nodePortUses), nodePortKey).values()].flatMap(conflictsInNodePortGroup);
}

/** The conflicts among uses of one nodePort number. */
export function conflictsInNodePortGroup(uses: readonly NodePortUse[]): Finding[] {
  const findings: Finding[] = [];
  if (uses.length < 2) return findings;
  // In file order, so that a message reads the same however the group was gathered.
  const group = [...uses].sort(byLocation);
  for (const use of group) {
    const others = group.filter((other) => other !== use && collide(use, other));
    if (others.length === 0) continue;
    const protocols = new Set(others.map((o) => o.protocol));
    const anyProtocol = protocols.size > 1 || !protocols.has(use.protocol) ? ', whatever the protocol' : '';
    findings.push({
      rule: 'node-port-conflict',
      uri: use.service.uri,
      span: use.field.span,
      port: use.port,
      protocol: use.protocol,
      message: `nodePort ${use.port} is also used by ${listSome(others.map(describeUse(use)))}: a nodePort number is allocated once in the cluster${anyProtocol}, so the second use is rejected ("provided port is already allocated")`,
      related: others.slice(0, MAX_RELATED).map((other) => ({ uri: other.service.uri, span: other.field.span, message: `${describeService(other.service)} uses nodePort ${other.port}/${other.protocol} here` })),
    });
  }
  return findings;
}

/**
 * Whether two uses of one nodePort number collide. Across Services they always do. Within one
 * Service, the API server allocates a nodePort once per Service port number
 * (pkg/registry/core/service/storage/alloc.go, initNodePorts): `port: 53` over TCP and over UDP
 * may share nodePort 30053, two different `port`s may not; the same nodePort twice for one
 * protocol is a duplicate (validation.go, ValidateService: spec.ports[i].nodePort Duplicate value).
 * The same Service written in two files (two overlays of one object) is one Service.
 */
function collide(use: NodePortUse, other: NodePortUse): boolean {
  if (use.service !== other.service) return !sameObject(other.service, use.service);
  if (use.protocol === other.protocol) return true;
  return use.servicePort !== undefined && other.servicePort !== undefined && use.servicePort !== other.servicePort;
}

function describeUse(use: NodePortUse): (other: NodePortUse) => string {
  return (other) => {
    const protocol = other.protocol === use.protocol ? '' : ` for ${other.protocol}`;
    return other.service === use.service ? `port ${other.servicePort ?? '?'} of this Service${protocol}` : `${describeService(other.service)}${protocol}`;
  };
}

function duplicatePorts(service: Service): Finding[] {
  const findings: Finding[] = [];
  const seen = new Map<string, PortField>();
  const note = (key: string, field: PortField, what: string) => {
    const first = seen.get(key);
    if (!first) {
      seen.set(key, field);
      return;
    }
    findings.push({
      rule: 'service-port-duplicate',
      uri: service.uri,
      span: field.span,
      message: `${what} is listed twice in ${describeService(service)}`,
      related: [{ uri: first.uri, span: first.span, message: 'first listed here' }],
    });
  };
  for (const decl of service.ports) {
    const port = portNumber(decl.port);
    const protocol = knownProtocol(decl.protocol);
    if (port !== undefined && protocol) note(`p ${port}/${protocol}`, decl.port!, `port ${port}/${protocol}`);
    const name = portName(decl.name);
    if (name !== undefined) note(`n ${name}`, decl.name!, `port name "${name}"`);
  }
  return findings;
}
