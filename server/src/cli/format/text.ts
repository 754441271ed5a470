// Plain text for people and for editors' problem matchers: `file:line:column: severity rule:
// message`, 1-based, each related location on an indented `note` line, then a summary line.

import type { Diagnostic, Severity } from '../../service/index';
import type { Position, ResolveRange } from './positions';

export function formatText(diagnostics: readonly Diagnostic[], fileCount: number, resolve: ResolveRange): string {
  const lines: string[] = [];
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const d of diagnostics) {
    counts[d.severity]++;
    lines.push(`${where(d.uri, resolve(d.uri, d.span).start)}: ${d.severity} ${d.rule}: ${d.message}`);
    for (const r of d.related) lines.push(`  ${where(r.uri, resolve(r.uri, r.span).start)}: note: ${r.message}`);
  }
  lines.push(
    `${fileCount} files checked: ${counts.error} errors, ${counts.warning} warnings, ${counts.information} infos, ${counts.hint} hints`,
  );
  return `${lines.join('\n')}\n`;
}

function where(file: string, position: Position): string {
  return `${file}:${position.line + 1}:${position.character + 1}`;
}
