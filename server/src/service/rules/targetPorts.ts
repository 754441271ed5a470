// target-port-unresolved: a Service targetPort that no container of the selected workloads
// declares (when at least one selected workload is among the files checked), an Ingress or route
// backend port that its Service lacks, a probe port name that its container does not declare.
// Whatever a template may hide (open selectors, labels, port lists) keeps the rule quiet.

import { describeWorkload, portName, portNumber } from '../model/ports';
import type { ContainerPortDecl, Labels, PortField, Service, ServicePortRef, Workload } from '../model/types';
import type { Finding } from '../types';
import type { RuleContext } from './context';

export function checkTargetPorts({ files }: RuleContext): Finding[] {
  const workloads = files.flatMap((file) => file.workloads);
  const services = files.flatMap((file) => file.services);
  const refs = files.flatMap((file) => file.serviceRefs);
  return [
    ...services.flatMap((service) => serviceTargets(service, workloads)),
    ...refs.flatMap((ref) => backendPort(ref, services)),
    ...workloads.flatMap(probePorts),
  ];
}

function sameNamespace(a: string | undefined, b: string | undefined): boolean {
  // A manifest without a namespace goes wherever it is applied: it may be any namespace.
  return a === undefined || b === undefined || a === b;
}

/** Does a selector match these pod labels? 'unknown' when templating hides the answer. */
function selects(selector: Labels, labels: Labels): boolean | 'unknown' {
  let unknown = false;
  for (const [key, value] of Object.entries(selector.known)) {
    const label = labels.known[key];
    if (label === undefined) {
      if (!labels.open) return false;
      unknown = true;
    } else if (label !== value) return false;
  }
  return unknown ? 'unknown' : true;
}

function serviceTargets(service: Service, workloads: Workload[]): Finding[] {
  const selector = service.selector;
  if (!selector || selector.open || Object.keys(selector.known).length === 0) return [];
  const candidates = workloads.filter((w) => sameNamespace(w.namespace, service.namespace));
  const matches = candidates.map((w) => selects(selector, w.podLabels));
  if (matches.includes('unknown')) return [];
  const selected = candidates.filter((_, i) => matches[i] === true);
  if (selected.length === 0) return [];
  // A workload whose containers or ports a template may extend could declare anything.
  if (selected.some((w) => w.containersOpen || w.containers.some((c) => c.portsOpen))) return [];
  const findings: Finding[] = [];
  for (const decl of service.ports) {
    const target = decl.targetPort;
    if (!target) continue;
    const number = portNumber(target);
    const name = portName(target);
    if (number === undefined && name === undefined) continue;
    const declared = selected.some((w) => w.containers.some((c) => c.kind !== 'init' && c.ports.some((p) => mayDeclare(p, number, name))));
    if (declared) continue;
    const what = number !== undefined ? `targetPort ${number}` : `targetPort "${name}"`;
    findings.push({
      rule: 'target-port-unresolved',
      uri: service.uri,
      span: target.span,
      port: number,
      message: `${what} is not declared by any container of ${selected.map(describeWorkload).join(', ')}, which the selector matches`,
      related: selected.map((w) => ({ uri: w.uri, span: w.span, message: `${describeWorkload(w)} is selected by this Service` })),
    });
  }
  return findings;
}

function backendPort(ref: ServicePortRef, services: Service[]): Finding[] {
  const targets = services.filter((s) => s.name === ref.serviceName && sameNamespace(s.namespace, ref.namespace));
  if (targets.length === 0 || targets.some((s) => s.portsOpen)) return [];
  const number = portNumber(ref.port);
  const name = portName(ref.port);
  if (number === undefined && name === undefined) return [];
  const found = targets.some((s) => s.ports.some((p) => (number !== undefined ? portNumber(p.port) === number : portName(p.name) === name)));
  if (found) return [];
  const what = number !== undefined ? `port ${number}` : `port "${name}"`;
  return [
    {
      rule: 'target-port-unresolved',
      uri: ref.uri,
      span: ref.port.span,
      port: number,
      message: `${ref.from} backend ${what} is not a port of Service ${ref.serviceName}`,
      related: targets.map((s) => ({ uri: s.uri, span: s.span, message: `Service ${ref.serviceName} is declared here` })),
    },
  ];
}

function probePorts(workload: Workload): Finding[] {
  const findings: Finding[] = [];
  for (const container of workload.containers) {
    if (container.portsOpen) continue;
    const names = new Set(container.ports.map((p) => portName(p.name)).filter((n) => n !== undefined));
    for (const { probe, port } of container.probes) {
      const name = portName(port);
      if (name === undefined || !isPlausibleName(port) || container.ports.some((p) => mayDeclare(p, undefined, name))) continue;
      findings.push({
        rule: 'target-port-unresolved',
        uri: port.uri,
        span: port.span,
        message: `${probe} port "${name}" is not a port name of container "${container.name ?? '?'}"${names.size > 0 ? ` (it declares ${[...names].map((n) => `"${n}"`).join(', ')})` : ' (it declares no named ports)'}`,
        related: [],
      });
    }
  }
  return findings;
}

/** Does this declaration, or what a template may make of it, declare the port? */
function mayDeclare(decl: ContainerPortDecl, number: number | undefined, name: string | undefined): boolean {
  if (number !== undefined) return decl.containerPort?.raw.kind === 'unknown' || portNumber(decl.containerPort) === number;
  return decl.name?.raw.kind === 'unknown' || portName(decl.name) === name;
}

/** A quoted number is port-invalid's business, not an unresolved name. */
function isPlausibleName(field: PortField): boolean {
  return field.raw.kind === 'string' && !/^\s*\d+\s*$/.test(field.raw.value);
}
