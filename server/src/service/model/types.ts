// The port model: every port a file declares, with where it is bound and the exact span of its
// value. Built once per file (model/extract.ts) and read by every rule; no YAML types leak out.

import type { Protocol } from '../catalog/types';
import type { Origin } from '../gotemplate/index';

/** Where a value of a chart's values was set: a values file and the key's span, or a `--set` argument. */
export type ValueSource = Origin;
import type { Span } from '../types';
import type { ListenAddress } from './listen';

/** A value as written. */
export type Raw =
  | { kind: 'number'; value: number }
  | { kind: 'string'; value: string; quoted: boolean }
  | { kind: 'other'; text: string };

/**
 * What a port field accepts: a number, a container port name (an IANA service name, at most 15
 * characters), a Service port name (a DNS-1123 label, at most 63), or a number or container port
 * name (IntOrString).
 */
export type PortFieldKind = 'number' | 'name' | 'service-port-name' | 'number-or-name';

/** One port-carrying field: `containerPort: 8080`, `targetPort: http`. */
export interface PortField {
  uri: string;
  /** The field's key: `containerPort`, `hostPort`, `targetPort`, `port`, … */
  key: string;
  accepts: PortFieldKind;
  /** The value's span (the key's, when the value is empty). */
  span: Span;
  /** The key's span, for hovers and completions that start on the key. */
  keySpan?: Span;
  raw: Raw;
}

/** A protocol field: absent means TCP. */
export type ProtocolValue = Protocol | { invalid: string };

/** Labels as written (a null or non-scalar value left out). */
export interface Labels {
  known: Record<string, string>;
}

export type NodeRoleName = 'control-plane' | 'worker';

/** Where a pod can be scheduled, as far as its tolerations, nodeSelector and affinity tell. */
export interface Placement {
  roles: NodeRoleName[];
  /** Why, in words, for messages: "tolerates the control-plane taint". */
  reason: string;
}

export interface ContainerPortDecl {
  /** The ports item, for findings about the whole declaration. */
  span: Span;
  containerPort?: PortField;
  hostPort?: PortField;
  /** The hostIP value; undefined when absent, null or not a scalar. */
  hostIP?: string;
  protocol: ProtocolValue;
  protocolSpan?: Span;
  name?: PortField;
}

export interface ProbePort {
  /** `livenessProbe`, `readinessProbe`, `startupProbe`, `lifecycle.postStart`, … */
  probe: string;
  /** `httpGet`, `tcpSocket` or `grpc`. */
  handler: string;
  port: PortField;
}

export type ContainerKind = 'container' | 'init' | 'sidecar' | 'ephemeral';

export interface Container {
  kind: ContainerKind;
  name?: string;
  nameSpan?: Span;
  /** Undefined when absent, null or not a scalar. */
  image?: string;
  ports: ContainerPortDecl[];
  probes: ProbePort[];
  /** Where its program says it listens, by port (`--web.listen-address=127.0.0.1:9100`: listen.ts). */
  listens: ListenAddress[];
}

/** Anything with a pod spec: Pod, Deployment, DaemonSet, CronJob, … */
export interface Workload {
  uri: string;
  kind: string;
  name?: string;
  namespace?: string;
  /** Where to point a finding about the workload as a whole (its name, else its kind). */
  span: Span;
  /** metadata.labels of the object itself. */
  labels: Labels;
  /** Labels of the pods it makes (the template's, or the Pod's own). */
  podLabels: Labels;
  hostNetwork: boolean;
  hostNetworkSpan?: Span;
  containers: Container[];
  /** Its document is broken YAML: it may have containers, and ports, that were not read. */
  containersOpen: boolean;
  placement: Placement;
}

export interface ServicePortDecl {
  span: Span;
  port?: PortField;
  targetPort?: PortField;
  nodePort?: PortField;
  protocol: ProtocolValue;
  name?: PortField;
}

export interface Service {
  uri: string;
  name?: string;
  namespace?: string;
  span: Span;
  /** `ClusterIP` when absent. */
  type: string;
  /** Undefined when the Service has no selector (its endpoints are managed by hand). */
  selector?: Labels;
  ports: ServicePortDecl[];
  /** Its document is broken YAML: it may have ports that were not read. */
  portsOpen: boolean;
}

export interface Listener {
  name?: string;
  /** HTTP, HTTPS, TLS, TCP, UDP. */
  protocol?: string;
  port?: PortField;
}

export interface Gateway {
  uri: string;
  name?: string;
  namespace?: string;
  span: Span;
  /** Undefined when absent, null or not a scalar. */
  className?: string;
  listeners: Listener[];
}

/** A reference to a Service port from an Ingress backend or a Gateway API route. */
export interface ServicePortRef {
  uri: string;
  /** `Ingress`, `HTTPRoute`, … */
  from: string;
  namespace?: string;
  serviceName: string;
  port: PortField;
}

export interface NetworkPolicyPort {
  uri: string;
  port?: PortField;
  endPort?: PortField;
  protocol: ProtocolValue;
}

/** Everything one file declares about ports. */
export interface FileModel {
  uri: string;
  helm: boolean;
  /**
   * YAML errors, the first of each document, as spans and messages, with the lines they stand on
   * (what a field read there says follows from the error); the rules turn them into `parse-error`
   * findings.
   */
  parseErrors: { span: Span; message: string; line: Span }[];
  workloads: Workload[];
  services: Service[];
  gateways: Gateway[];
  serviceRefs: ServicePortRef[];
  networkPolicyPorts: NetworkPolicyPort[];
  /** Every port field in the file, for validation and (later) hover. */
  portFields: PortField[];
  /** Protocol values that are not TCP, UDP or SCTP. */
  badProtocols: { span: Span; text: string }[];
  /** Template actions the chart's values decided, with the values key (or `--set`) each comes from. */
  valueSources: ValueUse[];
  /** What was refused rather than analysed: the whole file (too large, a template outside a chart) or a document (an alias bomb). */
  refusals: { rule: Refusal; span: Span; message: string }[];
}

/** What stands instead of an analysis: of a file, a document, a template, a chart. */
export type Refusal = 'file-too-large' | 'yaml-too-complex' | 'template-not-analysed' | 'template-error' | 'template-value-required' | 'chart-dependency-missing';

/** A template action that prints a value from the values: where it stands, what it prints, where the value was set. */
export interface ValueUse {
  span: Span;
  body: string;
  text: string;
  source: ValueSource;
}
