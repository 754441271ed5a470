// Ports a pod declares twice, as the API server judges them. Plain init containers run before
// the others and are left out; sidecars (restartable init containers) run beside them.
// - container-port-duplicate (rejected, pkg/apis/core/validation/validation.go): one container
//   naming two ports alike (validateContainerPorts: "Duplicate value"), or two ports of the pod on
//   one hostPort, protocol and hostIP (AccumulateUniqueHostPorts: "Duplicate value").
// - container-port-overlap (accepted with a warning, pkg/api/pod/warnings.go): one containerPort
//   and protocol declared twice in the pod ("duplicate port definition"), or two containers using
//   one port name, where a Service or probe that names the port gets the first one.

import { describeWorkload, knownProtocol, portName, portNumber } from '../model/ports';
import type { Container, PortField, Workload } from '../model/types';
import type { Finding, RuleId } from '../types';
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
  /** Records the field under `key`; a repeat is a finding of the rule `judge` gives for the pair. */
  const note = (key: string, field: PortField, container: Container, what: string, judge: (first: Seen) => RuleId, consequence: string) => {
    const first = seen.get(key);
    if (!first) {
      seen.set(key, { field, container });
      return;
    }
    const where = first.container === container ? 'in this container' : `by container "${first.container.name ?? '?'}"`;
    const rule = judge(first);
    findings.push({
      rule,
      uri: field.uri,
      span: field.span,
      message: `${what} is declared twice in the pod of ${describeWorkload(workload)}: already ${where}; ${rule === 'container-port-duplicate' ? 'the API server rejects the pod' : consequence}`,
      related: [{ uri: first.field.uri, span: first.field.span, message: `first declared here` }],
    });
  };
  for (const container of workload.containers) {
    if (container.kind !== 'container' && container.kind !== 'sidecar') continue;
    for (const decl of container.ports) {
      const protocol = knownProtocol(decl.protocol);
      const number = portNumber(decl.containerPort);
      if (protocol && number !== undefined) {
        note(`c ${number}/${protocol}`, decl.containerPort!, container, `containerPort ${number}/${protocol}`, () => 'container-port-overlap', 'the API server accepts it with a warning, and only one process can listen on it');
      }
      const host = portNumber(decl.hostPort);
      // The API server keys host ports by protocol, hostIP and number.
      if (protocol && host !== undefined) note(`h ${host}/${protocol}/${decl.hostIP ?? ''}`, decl.hostPort!, container, `hostPort ${host}/${protocol}`, () => 'container-port-duplicate', '');
      const name = portName(decl.name);
      if (name !== undefined) {
        note(`n ${name}`, decl.name!, container, `port name "${name}"`, (first) => (first.container === container ? 'container-port-duplicate' : 'container-port-overlap'), 'a Service or probe that names the port gets the first one');
      }
    }
  }
  return findings;
}
