// The rules as data: a stable id, a default severity and what each one is about. Users may set
// any of them to off, hint, information, warning or error.

import type { RuleId, Severity } from '../types';

export interface RuleInfo {
  defaultSeverity: Severity;
  /** One line for SARIF descriptors and documentation. */
  summary: string;
}

export const RULES: Record<RuleId, RuleInfo> = {
  'parse-error': { defaultSeverity: 'error', summary: 'The YAML (outside template actions) does not parse.' },
  'port-invalid': {
    defaultSeverity: 'error',
    summary: 'A port number outside 1-65535 or not an integer, a port name that is not a valid IANA service name, or a name where only a number is allowed.',
  },
  'container-port-duplicate': {
    defaultSeverity: 'error',
    summary: 'Two ports of one pod (across its containers and sidecars) share a number and protocol, or a name.',
  },
  'host-port-reserved': {
    defaultSeverity: 'error',
    summary: 'A port bound on the node is reserved by a platform component on the nodes where the pod can land.',
  },
  'host-port-conflict': { defaultSeverity: 'error', summary: 'Two workloads bind the same host port and protocol on nodes they can share.' },
  'host-port-in-node-port-range': { defaultSeverity: 'warning', summary: 'A port bound on the node lies inside the NodePort range.' },
  'node-port-out-of-range': { defaultSeverity: 'error', summary: 'A Service nodePort lies outside the NodePort range.' },
  'node-port-conflict': { defaultSeverity: 'error', summary: 'Two Services use the same nodePort number (whatever the protocol), or one Service uses it for two different ports.' },
  'service-port-duplicate': { defaultSeverity: 'error', summary: 'One Service lists the same port and protocol, or the same port name, twice.' },
  'target-port-unresolved': {
    defaultSeverity: 'warning',
    summary: 'A targetPort, backend port or probe port name that nothing it refers to declares.',
  },
  'pod-port-reserved': {
    defaultSeverity: 'error',
    summary: "A port in a platform component's pod, or a Gateway listener, that lands on a port the component keeps for itself.",
  },
  'file-too-large': { defaultSeverity: 'warning', summary: 'A file over the size limit (maxFileSize): it is not analysed.' },
  'yaml-too-complex': { defaultSeverity: 'warning', summary: 'A document refused rather than analysed: aliases that would expand to millions of nodes, or YAML the parser gave up on.' },
};

export const RULE_IDS = Object.keys(RULES) as RuleId[];
