// Where a Service, a backend or a probe points, and whether anything is there.
// - target-port-unresolved (warning): a named targetPort that no container of the selected
//   workloads declares (the Service gets no endpoints for it: FindPort finds no such name), an
//   Ingress or route backend port that its Service lacks, a probe port name that its container
//   does not declare.
// - target-port-undeclared (hint): a numeric targetPort, or a Service port without one (which
//   targets `port`), that no selected container declares. containerPort declarations are
//   informational: the traffic still reaches the pod, and anything listening there answers.
// Both need at least one selected workload among the files checked; a workload or Service read
// from broken YAML, which may declare more than was read, keeps them quiet.

import { declares, selectedWorkloads, servicePortFor, servicesNamed, WorkloadIndex } from '../model/links';
import { describeWorkload, portName, portNumber } from '../model/ports';
import type { PortField, Service, ServicePortRef, Workload } from '../model/types';
import type { Finding } from '../types';
import { groupBy, type RuleContext } from './context';

/** Service targetPorts and backend ports, resolved across the workspace. */
export function checkTargetPorts({ files }: RuleContext): Finding[] {
  const workloads = files.flatMap((file) => file.workloads);
  const services = files.flatMap((file) => file.services);
  const refs = files.flatMap((file) => file.serviceRefs);
  const index = new WorkloadIndex(workloads);
  const byName = groupBy(services, (service) => service.name);
  return [
    ...services.flatMap((service) => serviceTargets(service, index)),
    ...refs.flatMap((ref) => backendPort(ref, servicesNamed(ref, byName.get(ref.serviceName) ?? []))),
  ];
}

/** Probe port names, resolved within their own container. */
export function checkProbePorts({ files }: RuleContext): Finding[] {
  return files.flatMap((file) => file.workloads.flatMap(probePorts));
}

function describePort(field: PortField): string | undefined {
  const number = portNumber(field);
  if (number !== undefined) return `${number}`;
  const name = portName(field);
  return name !== undefined && isPlausibleName(field) ? `"${name}"` : undefined;
}

/** A Service's targetPorts against the workloads its selector matches. */
export function serviceTargets(service: Service, workloads: WorkloadIndex): Finding[] {
  const selected = selectedWorkloads(service, workloads);
  if (selected.length === 0) return [];
  // A workload read from broken YAML may declare ports that were not read.
  if (selected.some((w) => w.containersOpen)) return [];
  const findings: Finding[] = [];
  const matched = selected.map(describeWorkload).join(', ');
  for (const decl of service.ports) {
    // Without a targetPort (or with 0) the Service targets its own port number.
    const given = decl.targetPort && !isUnsetNumber(decl.targetPort) ? decl.targetPort : undefined;
    const target = given ?? decl.port;
    const what = target && describePort(target);
    if (!target || what === undefined) continue;
    const declared = selected.some((w) => w.containers.some((c) => c.kind !== 'init' && c.ports.some((p) => declares(p, target))));
    if (declared) continue;
    const named = portNumber(target) === undefined;
    const subject = given ? `targetPort ${what}` : `port ${what} (the targetPort when none is given)`;
    findings.push({
      rule: named ? 'target-port-unresolved' : 'target-port-undeclared',
      uri: service.uri,
      span: target.span,
      port: portNumber(target),
      message: named
        ? `${subject} is not declared by any container of ${matched}, which the selector matches: the Service gets no endpoints for this port`
        : `${subject} is not declared by any container of ${matched}, which the selector matches: traffic reaches the pods only if something listens on ${what} anyway`,
      related: selected.map((w) => ({ uri: w.uri, span: w.span, message: `${describeWorkload(w)} is selected by this Service` })),
    });
  }
  return findings;
}

/** `targets`: the Services the reference names. */
export function backendPort(ref: ServicePortRef, targets: Service[]): Finding[] {
  const what = describePort(ref.port);
  if (targets.length === 0 || what === undefined || targets.some((s) => s.portsOpen)) return [];
  if (targets.some((s) => servicePortFor(ref, s))) return [];
  return [
    {
      rule: 'target-port-unresolved',
      uri: ref.uri,
      span: ref.port.span,
      port: portNumber(ref.port),
      message: `${ref.from} backend port ${what} is not a port of Service ${ref.serviceName}`,
      related: targets.map((s) => ({ uri: s.uri, span: s.span, message: `Service ${ref.serviceName} is declared here` })),
    },
  ];
}

function probePorts(workload: Workload): Finding[] {
  const findings: Finding[] = [];
  for (const container of workload.containers) {
    const names = container.ports.map((p) => portName(p.name)).filter((n) => n !== undefined);
    for (const { probe, port } of container.probes) {
      const name = portName(port);
      if (name === undefined || !isPlausibleName(port) || container.ports.some((p) => declares(p, port))) continue;
      findings.push({
        rule: 'target-port-unresolved',
        uri: port.uri,
        span: port.span,
        message: `${probe} port "${name}" is not a port name of container "${container.name ?? '?'}"${names.length > 0 ? ` (it declares ${names.map((n) => `"${n}"`).join(', ')})` : ' (it declares no named ports)'}`,
        related: [],
      });
    }
  }
  return findings;
}

/** A quoted number is port-invalid's business, not an unresolved name. */
function isPlausibleName(field: PortField): boolean {
  return field.raw.kind === 'string' && !/^\s*\d+\s*$/.test(field.raw.value);
}

/** `targetPort: 0` (or null) is defaulted to the Service's port. */
function isUnsetNumber(field: PortField): boolean {
  return (field.raw.kind === 'number' && field.raw.value === 0) || (field.raw.kind === 'other' && ['', 'null', '~'].includes(field.raw.text.trim()));
}
