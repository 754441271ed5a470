// Machine-readable findings: files relative to the working directory, 0-based lines and
// characters (UTF-16), `port`/`protocol` only when known, `related` always present.

import type { Diagnostic } from '../../service/index';
import type { Range, ResolveRange } from './positions';

export interface JsonReport {
  version: 1;
  files: number;
  /** The cluster the check assumed: a line, and each catalog with why it applies. */
  cluster?: unknown;
  findings: JsonFinding[];
}

export interface JsonFinding {
  file: string;
  rule: string;
  severity: string;
  message: string;
  port?: number;
  protocol?: string;
  range: Range;
  related: { file: string; range: Range; message: string }[];
}

export function formatJson(diagnostics: readonly Diagnostic[], fileCount: number, resolve: ResolveRange, cluster?: unknown): string {
  const findings = diagnostics.map((d): JsonFinding => ({
    file: d.uri,
    rule: d.rule,
    severity: d.severity,
    message: d.message,
    ...(d.port !== undefined ? { port: d.port } : {}),
    ...(d.protocol !== undefined ? { protocol: d.protocol } : {}),
    range: resolve(d.uri, d.span),
    related: d.related.map((r) => ({ file: r.uri, range: resolve(r.uri, r.span), message: r.message })),
  }));
  const report: JsonReport = { version: 1, files: fileCount, ...(cluster !== undefined ? { cluster } : {}), findings };
  return `${JSON.stringify(report, null, 2)}\n`;
}
