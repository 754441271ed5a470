// Reading a pod spec: its containers (init containers, sidecars, ephemeral containers), their
// ports and probe ports, and the pod's host network.

import type { YNode } from '../parse/node';
import { labelsOf, stringOf, type FieldCollector } from './fields';
import { placementOf } from './placement';
import { listenAddresses } from './listen';
import type { Container, ContainerKind, ContainerPortDecl, ProbePort, Workload } from './types';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const LIFECYCLE_HOOKS = ['postStart', 'preStop'];
const PROBE_HANDLERS = ['httpGet', 'tcpSocket', 'grpc'];

/** Where each kind keeps its pod spec. Anything else with `spec.template.spec` is a workload too. */
export function podSpecOf(kind: string, root: YNode): { spec: YNode; labels: YNode | undefined } | undefined {
  if (kind === 'Pod') {
    const spec = root.get('spec');
    return spec && { spec, labels: root.get('metadata')?.get('labels') };
  }
  if (kind === 'PodTemplate') return templateSpec(root.get('template'));
  if (kind === 'CronJob') return templateSpec(root.get('spec')?.get('jobTemplate')?.get('spec')?.get('template'));
  return templateSpec(root.get('spec')?.get('template'));
}

function templateSpec(template: YNode | undefined): { spec: YNode; labels: YNode | undefined } | undefined {
  const spec = template?.get('spec');
  if (!spec || !(spec.get('containers') || spec.get('initContainers'))) return undefined;
  return { spec, labels: template?.get('metadata')?.get('labels') };
}

export function readWorkload(
  fields: FieldCollector,
  kind: string,
  root: YNode,
  pod: { spec: YNode; labels: YNode | undefined },
): Workload {
  const metadata = root.get('metadata');
  const nameNode = metadata?.get('name');
  const hostNetworkNode = pod.spec.get('hostNetwork');
  const containerLists: [string, ContainerKind][] = [
    ['initContainers', 'init'],
    ['containers', 'container'],
    ['ephemeralContainers', 'ephemeral'],
  ];
  const containers: Container[] = [];
  for (const [key, containerKind] of containerLists) {
    for (const item of pod.spec.get(key)?.items() ?? []) if (item.isMap) containers.push(readContainer(fields, item, containerKind));
  }
  return {
    uri: fields.uri,
    kind,
    name: stringOf(nameNode),
    namespace: stringOf(metadata?.get('namespace')),
    span: nameNode && nameNode.span.end > nameNode.span.start ? nameNode.span : root.keySpan('kind') ?? root.span,
    labels: labelsOf(metadata?.get('labels')),
    podLabels: labelsOf(pod.labels),
    hostNetwork: hostNetworkOf(hostNetworkNode),
    hostNetworkSpan: hostNetworkNode?.span,
    containers,
    containersOpen: false,
    placement: placementOf(pod.spec),
  };
}

function hostNetworkOf(node: YNode | undefined): boolean {
  if (!node) return false;
  return node.scalar() === true;
}

function readContainer(fields: FieldCollector, node: YNode, listKind: ContainerKind): Container {
  // An init container with restartPolicy Always is a sidecar: it runs, and binds, for the pod's life.
  const sidecar = listKind === 'init' && stringOf(node.get('restartPolicy')) === 'Always';
  const portsNode = node.get('ports');
  const nameNode = node.get('name');
  return {
    kind: sidecar ? 'sidecar' : listKind,
    name: stringOf(nameNode),
    nameSpan: nameNode?.span,
    image: stringOf(node.get('image')),
    ports: (portsNode?.items() ?? []).filter((item) => item.isMap).map((item) => readContainerPort(fields, item)),
    probes: readProbes(fields, node),
    listens: listenAddresses([...words(node.get('command')), ...words(node.get('args'))]),
  };
}

/** A list of strings (a container's command or args), the strings of it. */
function words(node: YNode | undefined): string[] {
  return (node?.items() ?? []).map((item) => stringOf(item)).filter((word): word is string => word !== undefined);
}

function readContainerPort(fields: FieldCollector, item: YNode): ContainerPortDecl {
  const protocolNode = item.get('protocol');
  const hostIP = item.get('hostIP');
  return {
    span: item.span,
    containerPort: fields.port(item, 'containerPort', 'number'),
    hostPort: fields.port(item, 'hostPort', 'number'),
    hostIP: hostIP ? stringOf(hostIP) : undefined,
    protocol: fields.protocol(item),
    protocolSpan: protocolNode?.span,
    name: fields.port(item, 'name', 'name'),
  };
}

function readProbes(fields: FieldCollector, container: YNode): ProbePort[] {
  const probes: ProbePort[] = [];
  const handlers: [string, YNode | undefined][] = [
    ...PROBES.map((probe): [string, YNode | undefined] => [probe, container.get(probe)]),
    ...LIFECYCLE_HOOKS.map((hook): [string, YNode | undefined] => [`lifecycle.${hook}`, container.get('lifecycle')?.get(hook)]),
  ];
  for (const [probe, node] of handlers) {
    for (const handler of PROBE_HANDLERS) {
      // gRPC probes take a number only; HTTP and TCP probes take a number or a port name.
      const port = fields.port(node?.get(handler), 'port', handler === 'grpc' ? 'number' : 'number-or-name');
      if (port) probes.push({ probe, handler, port });
    }
  }
  return probes;
}
