// Value types shared by the whole language service. Positions are UTF-16 offsets into a file's
// text (the `yaml` package's unit, and LSP's default); turning them into lines and columns is the
// caller's job.

/** A half-open range of UTF-16 offsets, [start, end). */
export interface Span {
  start: number;
  end: number;
}

/** One file handed to the service: its identity (a path or URI, opaque here) and its text. */
export interface SourceFile {
  uri: string;
  text: string;
  /**
   * The file's bytes, when the reader kept them: always when they are not UTF-8 text (a packaged
   * subchart in charts/, a binary a chart reads with .Files). A chart renders from them.
   */
  bytes?: Uint8Array;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type SeveritySetting = Severity | 'off';
export const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['off', 'hint', 'information', 'warning', 'error'];

export type RuleId =
  | 'parse-error'
  | 'port-invalid'
  | 'container-port-duplicate'
  | 'container-port-overlap'
  | 'host-port-reserved'
  | 'host-port-conflict'
  | 'host-port-in-node-port-range'
  | 'node-port-out-of-range'
  | 'node-port-conflict'
  | 'service-port-duplicate'
  | 'target-port-unresolved'
  | 'target-port-undeclared'
  | 'pod-port-reserved'
  | 'file-too-large'
  | 'yaml-too-complex'
  | 'template-not-analysed'
  | 'template-error'
  | 'template-value-required'
  | 'chart-dependency-missing'
  | 'cluster-file-invalid';

export interface RelatedLocation {
  uri: string;
  span: Span;
  message: string;
}

/** One problem the rules found, before severities are applied. */
export interface Finding {
  rule: RuleId;
  uri: string;
  span: Span;
  message: string;
  /** The port number the finding is about, when there is one. */
  port?: number;
  protocol?: string;
  related: RelatedLocation[];
}

/** A finding with the severity the settings give its rule. */
export interface Diagnostic extends Finding {
  severity: Severity;
}
