// port-invalid: a port value the API server rejects (pkg/apis/core/validation/validation.go).
// - Numbers: validateContainerPorts and validateServicePort need 1-65535 (IsValidPortNum); the
//   optional ones (hostPort, nodePort, targetPort) may be 0 or null, which mean "unset" (the
//   defaulting fills targetPort with port; the allocator picks a nodePort).
// - Container port names: IsValidPortName, an IANA service name of at most 15 characters.
// - Service port names (and the Ingress backend names that refer to them): ValidateDNS1123Label,
//   at most 63 characters.
// - A host-network pod's hostPort must equal its containerPort (validateHostNetwork).
// - A protocol other than TCP, UDP, SCTP (validateContainerPorts, validateServicePort).

import { describeWorkload, portNumber } from '../model/ports';
import type { FileModel, PortField } from '../model/types';
import type { Finding } from '../types';
import type { RuleContext } from './context';

/** Fields the API server may leave unset: 0 and null mean it. */
const OPTIONAL_NUMBERS = new Set(['hostPort', 'nodePort', 'targetPort']);

export function checkPortValues({ files }: RuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const file of files) {
    for (const field of file.portFields) {
      const problem = problemOf(field);
      if (problem) findings.push({ rule: 'port-invalid', uri: field.uri, span: field.span, message: problem, related: [] });
    }
    for (const { span, text } of file.badProtocols) {
      findings.push({ rule: 'port-invalid', uri: file.uri, span, message: `protocol "${text}" is not one of TCP, UDP, SCTP (Kubernetes spells them in capitals)`, related: [] });
    }
    findings.push(...hostNetworkMismatches(file));
  }
  return findings;
}

function problemOf(field: PortField): string | undefined {
  const { raw, key, accepts } = field;
  if (OPTIONAL_NUMBERS.has(key) && isUnset(field)) return undefined;
  const isName = accepts === 'name' || accepts === 'service-port-name';
  if (raw.kind === 'other') return `${key} needs a ${isName ? 'port name' : 'port number'}, not ${raw.text.trim() === '' ? 'an empty value' : `"${raw.text.trim()}"`}`;
  if (isName) {
    if (raw.kind === 'number') {
      return accepts === 'name'
        ? `port name ${raw.value} must contain at least one letter (IANA service names are like "http" or "metrics")`
        : `port name ${raw.value} is a number; a name is a string: quote it`;
    }
    return accepts === 'name' ? nameProblem(key, raw.value) : labelProblem(key, raw.value);
  }
  if (raw.kind === 'number') return numberProblem(key, raw.value);
  // A string where a number belongs.
  if (/^\s*\d+\s*$/.test(raw.value)) {
    return accepts === 'number'
      ? `${key} must be a number, not the string "${raw.value}": remove the quotes`
      : `${key} "${raw.value}" is a string, so Kubernetes reads it as a port name, and a port name needs a letter: remove the quotes`;
  }
  if (accepts === 'number') return `${key} takes a port number; "${raw.value}" is a name, which only targetPort and probe ports accept`;
  return nameProblem(key, raw.value);
}

/** `0`, `null`, `~` or nothing: what the API server reads as an unset optional port. */
function isUnset({ raw }: PortField): boolean {
  if (raw.kind === 'number') return raw.value === 0;
  return raw.kind === 'other' && ['', 'null', '~', 'Null', 'NULL'].includes(raw.text.trim());
}

function numberProblem(key: string, value: number): string | undefined {
  if (!Number.isInteger(value)) return `${key} ${value} is not a whole number`;
  if (value < 1 || value > 65535) return `${key} ${value} is not a port number: ports run from 1 to 65535`;
  return undefined;
}

/** IANA service names (RFC 6335): at most 15 characters of a-z, 0-9 and '-', a letter, no '-' at either end or twice in a row. */
export function nameProblem(key: string, name: string): string | undefined {
  const what = key === 'name' ? `port name "${name}"` : `${key} "${name}"`;
  if (name.length === 0) return `${what} is empty`;
  if (name.length > 15) return `${what} is ${name.length} characters long; a container port name has at most 15`;
  if (!/^[a-z0-9-]+$/.test(name)) return `${what} may hold only lowercase letters, digits and '-'`;
  if (!/[a-z]/.test(name)) return `${what} must contain at least one letter`;
  if (name.startsWith('-') || name.endsWith('-')) return `${what} may not begin or end with '-'`;
  if (name.includes('--')) return `${what} may not contain '--'`;
  return undefined;
}

/** A Service port name is a DNS-1123 label: at most 63 characters of a-z, 0-9 and '-', starting and ending alphanumeric. */
function labelProblem(key: string, name: string): string | undefined {
  const what = key === 'name' ? `Service port name "${name}"` : `${key} "${name}"`;
  if (name.length === 0) return `${what} is empty`;
  if (name.length > 63) return `${what} is ${name.length} characters long; a Service port name has at most 63`;
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name)) return `${what} must be lowercase letters, digits and '-', starting and ending with a letter or digit`;
  return undefined;
}

/** A host-network pod binds its containerPorts on the node, so a hostPort can only repeat it. */
function hostNetworkMismatches(file: FileModel): Finding[] {
  const findings: Finding[] = [];
  for (const workload of file.workloads) {
    if (!workload.hostNetwork) continue;
    for (const container of workload.containers) {
      for (const decl of container.ports) {
        const host = portNumber(decl.hostPort);
        const own = portNumber(decl.containerPort);
        if (host === undefined || own === undefined || host === own) continue;
        findings.push({
          rule: 'port-invalid',
          uri: decl.hostPort!.uri,
          span: decl.hostPort!.span,
          // About the pair, not about either number: no `port`, so it is not grouped with findings on 53 or 10250.
          message: `hostPort ${host} differs from containerPort ${own} in a host-network pod (${describeWorkload(workload)}): the API server rejects it, a host-network pod binds its containerPort on the node (remove hostPort or make it ${own})`,
          related: [{ uri: decl.containerPort!.uri, span: decl.containerPort!.span, message: `containerPort ${own}` }],
        });
      }
    }
  }
  return findings;
}
