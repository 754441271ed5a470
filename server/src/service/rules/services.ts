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
  return [...nodePortRange(context, services), ...services.flatMap(duplicatePorts)];
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
}

/** The nodePorts a Service asks for. */
export function nodePortUses(service: Service): NodePortUse[] {
  return service.ports.flatMap((decl) => {
    const port = portNumber(decl.nodePort);
    const protocol = knownProtocol(decl.protocol);
    return port !== undefined && protocol ? [{ service, field: decl.nodePort!, port, protocol }] : [];
  });
}

export function nodePortKey(use: NodePortUse): string {
  return `${use.port}/${use.protocol}`;
}

function nodePortConflicts(services: Service[]): Finding[] {
  return [...groupBy(services.flatMap(nodePortUses), nodePortKey).values()].flatMap(conflictsInNodePortGroup);
}

/** The conflicts among uses of one nodePort and protocol. */
export function conflictsInNodePortGroup(uses: readonly NodePortUse[]): Finding[] {
  const findings: Finding[] = [];
  if (uses.length < 2) return findings;
  // In file order, so that a message reads the same however the group was gathered.
  const group = [...uses].sort(byLocation);
  for (const use of group) {
    // Two ports of one Service on one nodePort collide; the same Service in two files does not.
    const others = group.filter((other) => other !== use && (other.service === use.service || sameObject(other.service, use.service) === false));
    if (others.length === 0) continue;
    findings.push({
      rule: 'node-port-conflict',
      uri: use.service.uri,
      span: use.field.span,
      port: use.port,
      protocol: use.protocol,
      message: `nodePort ${use.port}/${use.protocol} is also used by ${listSome(others.map((o) => (o.service === use.service ? 'another port of this Service' : describeService(o.service))))}: a nodePort is cluster-wide, so the second use is rejected`,
      related: others.slice(0, MAX_RELATED).map((other) => ({ uri: other.service.uri, span: other.field.span, message: `${describeService(other.service)} uses nodePort ${other.port} here` })),
    });
  }
  return findings;
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
