// The three output formats, from the service's real findings on small inline manifests. Expected
// coordinates are found by searching the text, never written down as numbers.

import { describe, expect, it } from 'vitest';
import { formatJson } from '../../server/src/cli/format/json';
import { rangeResolver, type Position } from '../../server/src/cli/format/positions';
import { formatSarif } from '../../server/src/cli/format/sarif';
import { formatText } from '../../server/src/cli/format/text';
import { checkFiles, RULE_IDS, RULES, type SourceFile } from '../../server/src/service/index';

// A flow map with non-ASCII text before the port: characters count UTF-16 code units.
const WEB: SourceFile = {
  uri: 'apps/web.yaml',
  text: `apiVersion: v1
kind: Service
metadata:
  name: web
spec: {selector: {app: "wéb-😀"}, type: NodePort, ports: [{port: 8080, nodePort: 80}]}
`,
};

// Two files whose Services share a nodePort: the related location lies in the other file.
const A: SourceFile = { uri: 'a.yaml', text: service('a', 30080) };
const B: SourceFile = { uri: 'sub/b.yaml', text: service('b', 30080) };

function service(name: string, nodePort: number): string {
  return `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  type: NodePort\n  ports:\n    - port: 80\n      nodePort: ${nodePort}\n`;
}

/** 0-based position of the first occurrence of `needle` after `after` in `text`. */
function find(text: string, needle: string, after = ''): Position {
  const offset = text.indexOf(needle, text.indexOf(after) + after.length);
  expect(offset, needle).toBeGreaterThanOrEqual(0);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

function run(files: SourceFile[]) {
  return { diagnostics: checkFiles(files), resolve: rangeResolver(files) };
}

describe('json', () => {
  it('has the documented keys and 0-based coordinates', () => {
    const { diagnostics, resolve } = run([WEB]);
    const report = JSON.parse(formatJson(diagnostics, 1, resolve));
    expect(Object.keys(report)).toEqual(['version', 'files', 'findings']);
    expect(report.version).toBe(1);
    expect(report.files).toBe(1);
    expect(report.findings).toHaveLength(1);
    const [finding] = report.findings;
    expect(Object.keys(finding)).toEqual(['file', 'rule', 'severity', 'message', 'port', 'protocol', 'range', 'related']);
    const start = find(WEB.text, '80', 'nodePort: ');
    expect(finding).toMatchObject({ file: 'apps/web.yaml', rule: 'node-port-out-of-range', severity: 'error', port: 80, related: [] });
    expect(finding.range).toEqual({ start, end: { line: start.line, character: start.character + 2 } });
  });

  it('leaves out port and protocol when a finding has none', () => {
    const broken: SourceFile = { uri: 'broken.yaml', text: 'apiVersion: v1\nkind: Service\nspec: [\n' };
    const { diagnostics, resolve } = run([broken]);
    const report = JSON.parse(formatJson(diagnostics, 1, resolve));
    expect(report.findings.length).toBeGreaterThan(0);
    for (const finding of report.findings) {
      expect(finding.rule).toBe('parse-error');
      expect(Object.keys(finding)).toEqual(['file', 'rule', 'severity', 'message', 'range', 'related']);
    }
  });

  it('resolves related locations in their own file', () => {
    const { diagnostics, resolve } = run([A, B]);
    const report = JSON.parse(formatJson(diagnostics, 2, resolve));
    const fromA = report.findings.find((f: { file: string }) => f.file === 'a.yaml');
    expect(fromA.rule).toBe('node-port-conflict');
    expect(fromA.related).toHaveLength(1);
    expect(fromA.related[0].file).toBe('sub/b.yaml');
    expect(fromA.related[0].range.start).toEqual(find(B.text, '30080'));
  });
});

describe('text', () => {
  it('prints file:line:column (1-based), notes for related locations and a summary', () => {
    const { diagnostics, resolve } = run([A, B]);
    const lines = formatText(diagnostics, 2, resolve).trimEnd().split('\n');
    const a = find(A.text, '30080');
    const b = find(B.text, '30080');
    expect(lines[0]).toMatch(new RegExp(`^a\\.yaml:${a.line + 1}:${a.character + 1}: error node-port-conflict: nodePort 30080`));
    expect(lines[1]).toMatch(new RegExp(`^  sub/b\\.yaml:${b.line + 1}:${b.character + 1}: note: `));
    expect(lines[2]).toMatch(/^sub\/b\.yaml:\d+:\d+: error node-port-conflict: /);
    expect(lines[lines.length - 1]).toBe('2 files checked: 2 errors, 0 warnings, 0 infos, 0 hints');
  });

  it('prints the summary when nothing is found', () => {
    const clean: SourceFile = { uri: 'clean.yaml', text: service('ok', 30080) };
    const { diagnostics, resolve } = run([clean]);
    expect(formatText(diagnostics, 1, resolve)).toBe('1 files checked: 0 errors, 0 warnings, 0 infos, 0 hints\n');
  });
});

describe('sarif', () => {
  it('is a SARIF 2.1.0 log with one descriptor per rule and 1-based regions', () => {
    const { diagnostics, resolve } = run([WEB, A, B]);
    const log = JSON.parse(formatSarif(diagnostics, '9.9.9', resolve));
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const [run0] = log.runs;
    expect(run0.columnKind).toBe('utf16CodeUnits');
    expect(run0.tool.driver.name).toBe('portolan');
    expect(run0.tool.driver.version).toBe('9.9.9');
    const rules = run0.tool.driver.rules;
    expect(rules.map((r: { id: string }) => r.id)).toEqual(RULE_IDS);
    for (const rule of rules) {
      expect(rule.shortDescription.text).toBe(RULES[rule.id as keyof typeof RULES].summary);
      expect(['error', 'warning', 'note']).toContain(rule.defaultConfiguration.level);
    }
    expect(rules.find((r: { id: string }) => r.id === 'target-port-unresolved').defaultConfiguration.level).toBe('warning');

    const result = run0.results.find((r: { ruleId: string }) => r.ruleId === 'node-port-out-of-range');
    expect(rules[result.ruleIndex].id).toBe('node-port-out-of-range');
    expect(result.level).toBe('error');
    expect(result.message.text).toContain('nodePort 80');
    expect(result.properties).toEqual({ port: 80, protocol: 'TCP' });
    const start = find(WEB.text, '80', 'nodePort: ');
    expect(result.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'apps/web.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: start.line + 1, startColumn: start.character + 1, endLine: start.line + 1, endColumn: start.character + 3 },
    });
    expect(result.relatedLocations).toEqual([]);

    const conflict = run0.results.find((r: { ruleId: string }) => r.ruleId === 'node-port-conflict');
    expect(conflict.relatedLocations).toHaveLength(1);
    expect(conflict.relatedLocations[0].id).toBe(1);
    expect(conflict.relatedLocations[0].message.text).toEqual(expect.any(String));
    expect(conflict.relatedLocations[0].physicalLocation.artifactLocation.uri).toBe('sub/b.yaml');
  });

  it('maps information and hint to note', () => {
    const { diagnostics, resolve } = run([WEB]);
    const softened = diagnostics.map((d) => ({ ...d, severity: 'hint' as const }));
    const log = JSON.parse(formatSarif(softened, '0', resolve));
    expect(log.runs[0].results.map((r: { level: string }) => r.level)).toEqual(['note']);
  });
});
