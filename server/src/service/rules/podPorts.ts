// container-port-duplicate: two ports of one pod, across its containers and sidecars, with the
// same number and protocol (container ports or host ports), or the same name. The same number on
// TCP and on UDP is two ports. Plain init containers run before the others and are left out.

import { describeWorkload, knownProtocol, portName, portNumber } from '../model/ports';
import type { Container, PortField, Workload } from '../model/types';
import type { Finding } from '../types';
import type { RuleContext } from './context';

interface Seen {
  field: PortField;
  container: Container;
}

export function checkPodPorts({ files }: RuleContext): Finding[] {
  return files.flatMap((file) => file.workloads.flatMap(checkWorkload));
}

function checkWorkload(workload: Workload): Finding[] {
  const findings: Finding[] = [];
  const seen = new Map<string, Seen>();
  const note = (key: string, field: PortField, container: Container, what: string) => {
    const first = seen.get(key);
    if (!first) {
      seen.set(key, { field, container });
      return;
    }
    const where = first.container === container ? 'in this container' : `by container "${first.container.name ?? '?'}"`;
    findings.push({
      rule: 'container-port-duplicate',
      uri: field.uri,
      span: field.span,
      message: `${what} is declared twice in the pod of ${describeWorkload(workload)}: already ${where}`,
      related: [{ uri: first.field.uri, span: first.field.span, message: `first declared here` }],
    });
  };
  for (const container of workload.containers) {
    if (container.kind !== 'container' && container.kind !== 'sidecar') continue;
    for (const decl of container.ports) {
      const protocol = knownProtocol(decl.protocol);
      const number = portNumber(decl.containerPort);
      if (protocol && number !== undefined) note(`c ${number}/${protocol}`, decl.containerPort!, container, `containerPort ${number}/${protocol}`);
      const host = portNumber(decl.hostPort);
      // The API server keys host ports by protocol, hostIP and number.
      if (protocol && host !== undefined) note(`h ${host}/${protocol}/${decl.hostIP ?? ''}`, decl.hostPort!, container, `hostPort ${host}/${protocol}`);
      const name = portName(decl.name);
      if (name !== undefined) note(`n ${name}`, decl.name!, container, `port name "${name}"`);
    }
  }
  return findings;
}
