// The rules as data: a stable id, a default severity and what each one is about. Users may set
// any of them to off, hint, information, warning or error.

import type { RuleId, Severity } from '../types';

export interface RuleInfo {
  defaultSeverity: Severity;
  /** One line for SARIF descriptors and documentation. */
  summary: string;
  /**
   * Why the severity is what it is: the Kubernetes code that rejects the object, warns about it,
   * or fails on the node, or what else decides it.
   */
  source: string;
}

const VALIDATION = 'kubernetes pkg/apis/core/validation/validation.go';

export const RULES: Record<RuleId, RuleInfo> = {
  'parse-error': {
    defaultSeverity: 'error',
    summary: 'The YAML (outside template actions) does not parse.',
    source: 'kubectl and helm cannot read the file (sigs.k8s.io/yaml); in the editor, information until the document parses',
  },
  'port-invalid': {
    defaultSeverity: 'error',
    summary:
      "A port number outside 1-65535 or not an integer, a container port name that is not an IANA service name, a Service port name that is not a DNS label, a name where only a number is allowed, a protocol Kubernetes does not know, a host-network pod's hostPort that differs from its containerPort, or an unnamed port in a Service of several ports.",
    source: `${VALIDATION}: validateContainerPorts, validateServicePort (a name is required when a Service has several ports), validateHostNetwork`,
  },
  'container-port-duplicate': {
    defaultSeverity: 'error',
    summary: 'One container names two ports alike, or two ports of one pod take the same hostPort, protocol and hostIP.',
    source: `${VALIDATION}: validateContainerPorts, AccumulateUniqueHostPorts ("Duplicate value")`,
  },
  'container-port-overlap': {
    defaultSeverity: 'warning',
    summary: 'One pod declares a containerPort and protocol twice, or two of its containers use one port name.',
    source: 'kubernetes pkg/api/pod/warnings.go: warningsForPodSpecAndMeta ("duplicate port definition"); a port looked up by name resolves to the first (pkg/api/v1/pod/util.go FindPort)',
  },
  'host-port-reserved': {
    defaultSeverity: 'error',
    summary: 'A port bound on the node is reserved by a platform component on the nodes where the pod can land.',
    source: 'the bind fails on the node (address already in use): the scheduler\'s NodePorts filter sees only pods, not the node\'s daemons',
  },
  'host-port-conflict': {
    defaultSeverity: 'error',
    summary: 'Two workloads bind the same host port and protocol on nodes they can share.',
    source: 'kubernetes pkg/scheduler/framework/plugins/nodeports: pods on one hostPort never share a node (Pending); host-network pods fail to bind',
  },
  'host-port-in-node-port-range': {
    defaultSeverity: 'warning',
    summary: 'A port bound on the node lies inside the NodePort range.',
    source: "kube-proxy serves every Service nodePort on every node: traffic to that port may go to a Service instead",
  },
  'node-port-out-of-range': {
    defaultSeverity: 'error',
    summary: 'A Service nodePort lies outside the NodePort range.',
    source: 'kubernetes pkg/registry/core/service/portallocator: "provided port is not in the valid range"',
  },
  'node-port-conflict': {
    defaultSeverity: 'error',
    summary: 'Two Services use the same nodePort number (whatever the protocol), or one Service uses it for two different ports.',
    source: `kubernetes pkg/registry/core/service/portallocator: "provided port is already allocated"; ${VALIDATION}: ValidateService`,
  },
  'service-port-duplicate': {
    defaultSeverity: 'error',
    summary: 'One Service lists the same port and protocol, or the same port name, twice.',
    source: `${VALIDATION}: ValidateService, validateServicePort ("Duplicate value")`,
  },
  'target-port-unresolved': {
    defaultSeverity: 'warning',
    summary: 'A named targetPort that no selected container declares, a backend port its Service lacks, or a probe port name its container does not declare.',
    source: 'the Service gets no endpoints for that port (kubernetes pkg/api/v1/pod/util.go FindPort); the probe cannot find its port',
  },
  'target-port-undeclared': {
    defaultSeverity: 'hint',
    summary: 'A numeric targetPort (or a port without targetPort) that no selected container declares: traffic still flows if something listens there.',
    source: 'containerPort declarations are informational (kubernetes pkg/api/v1/pod/util.go FindPort takes a number as it is)',
  },
  'pod-port-reserved': {
    defaultSeverity: 'error',
    summary: "A port in a platform component's pod, or a Gateway listener, that lands on a port the component keeps for itself.",
    source: "the component's own process already binds it in the pod (the catalog's source says which)",
  },
  'file-too-large': {
    defaultSeverity: 'warning',
    summary: 'A file over the size limit (maxFileSize): it is not analysed.',
    source: 'Portolan: the file is not analysed, so findings in it would be missed',
  },
  'yaml-too-complex': {
    defaultSeverity: 'warning',
    summary: 'A document refused rather than analysed: aliases that would expand to millions of nodes, or YAML the parser gave up on.',
    source: 'Portolan: the document is not analysed, so findings in it would be missed',
  },
  'template-not-analysed': {
    defaultSeverity: 'information',
    summary: 'A manifest template outside a Helm chart (Go template, envsubst ${VAR}, @VAR@): it is not analysed.',
    source: 'Portolan: what a template declares is known only once rendered; Helm charts are rendered, other templates are not',
  },
  'template-error': {
    defaultSeverity: 'error',
    summary: "A chart template that does not parse or fails to render, or a chart Helm cannot load (its Chart.yaml or values.yaml): helm template and helm install stop there.",
    source: 'helm pkg/engine (text/template parse and execution errors) and pkg/chart/loader: the release is never sent to the API server',
  },
  'template-value-required': {
    defaultSeverity: 'information',
    summary: "A chart's `required` or `fail` stops the render under these values: a value the user gives at install. The chart's other templates are still checked.",
    source: 'helm pkg/engine funcs.go (required, fail): the chart asks for a value, by design',
  },
  'chart-dependency-missing': {
    defaultSeverity: 'information',
    summary: 'A dependency in Chart.yaml is not in charts/ (run `helm dependency build`); the rest of the chart is still checked.',
    source: 'helm pkg/action (CheckDependencies): "found in Chart.yaml, but missing in charts/ directory"',
  },
  'cluster-file-invalid': {
    defaultSeverity: 'error',
    summary: 'The cluster file (.portolan.json or .portolan.yaml at the workspace root) does not parse, or a field names something Portolan does not know: that field is left out, so the cluster assumed is not the one described.',
    source: "Portolan: the description decides which reserved ports count; a misspelt network plugin or add-on leaves its ports out of every check",
  },
};

export const RULE_IDS = Object.keys(RULES) as RuleId[];
