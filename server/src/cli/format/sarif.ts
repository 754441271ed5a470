// SARIF 2.1.0 for code-scanning services: one run, one reporting descriptor per rule, 1-based
// regions in UTF-16 code units, file paths relative to %SRCROOT% (the working directory).

import { RULES, RULE_IDS, type Diagnostic, type Severity, type Span } from '../../service/index';
import type { Log, PhysicalLocation, ReportingDescriptor, Result } from 'sarif';
import type { ResolveRange } from './positions';

const LEVELS: Record<Severity, Result.level> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** `cluster`: the cluster the check assumed, in a line; kept in the run's property bag. */
export function formatSarif(diagnostics: readonly Diagnostic[], toolVersion: string, resolve: ResolveRange, cluster?: string): string {
  const physical = (uri: string, span: Span): PhysicalLocation => {
    const { start, end } = resolve(uri, span);
    return {
      artifactLocation: { uri: uriReference(uri), uriBaseId: '%SRCROOT%' },
      region: { startLine: start.line + 1, startColumn: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 },
    };
  };
  const results = diagnostics.map((d): Result => ({
    ruleId: d.rule,
    ruleIndex: RULE_IDS.indexOf(d.rule),
    level: LEVELS[d.severity],
    message: { text: d.message },
    locations: [{ physicalLocation: physical(d.uri, d.span) }],
    relatedLocations: d.related.map((r, index) => ({ id: index + 1, physicalLocation: physical(r.uri, r.span), message: { text: r.message } })),
    ...(d.port !== undefined || d.protocol !== undefined ? { properties: { port: d.port, protocol: d.protocol } } : {}),
  }));
  const rules = RULE_IDS.map((id): ReportingDescriptor => ({
    id,
    shortDescription: { text: RULES[id].summary },
    defaultConfiguration: { level: LEVELS[RULES[id].defaultSeverity] },
  }));
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'portolan', version: toolVersion, rules } }, columnKind: 'utf16CodeUnits', results, ...(cluster !== undefined ? { properties: { cluster } } : {}) }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** A relative path as a URI reference: each segment percent-encoded, so `#`, `?` and spaces survive. */
function uriReference(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
