// What the fuzz tests share: the invariants every check and every feature answer must hold, and
// generators of manifests and charts with template noise. Used by test/fuzz (generated input)
// and test/shared (mutations of ../shared/corpus).

import fc from 'fast-check';
import { expect } from 'vitest';
import { checkFiles, PortolanWorkspace, type SourceFile } from '../../server/src/service/index';

export const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
/**
 * fast-check's parameters for a property. The short runs of `npm test` and CI take a fixed seed,
 * so a submission's verdict never depends on the draw; `npm run fuzz` (FUZZ_RUNS) draws afresh to
 * explore, and FUZZ_SEED replays a failure it reports.
 */
export const PROPERTY_RUNS: { numRuns: number; seed?: number } = {
  numRuns: RUNS,
  seed: process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : process.env.FUZZ_RUNS !== undefined ? undefined : 20261129,
};
/** A long run takes its time: a few milliseconds a case. */
export const TIMEOUT_MS = Math.max(10_000, RUNS * 10);
/**
 * A check of a few kilobytes takes milliseconds; this bound only catches a runaway (a loop or an
 * expansion that grows with the input), with room for a machine whose cores are all busy.
 */
const RUNAWAY_MS = 10_000;

/** Checks one set of files and asserts the invariants; returns nothing, throws on a violation. */
export function checkInvariants(files: SourceFile[]): void {
  const started = performance.now();
  const diagnostics = checkFiles(files);
  expect(performance.now() - started).toBeLessThan(RUNAWAY_MS);
  const lengths = new Map(files.map((f) => [f.uri, f.text.length]));
  for (const d of diagnostics) {
    // The engine's own safety net turns a crash into a finding: for the fuzzer it is a failure.
    expect(d.message).not.toContain('could not analyse this file');
    const length = lengths.get(d.uri);
    expect(length, `a finding in an unknown file ${d.uri}`).toBeDefined();
    expect(d.span.start).toBeGreaterThanOrEqual(0);
    expect(d.span.end).toBeGreaterThanOrEqual(d.span.start);
    expect(d.span.end).toBeLessThanOrEqual(length!);
    for (const r of d.related) expect(r.span.end).toBeLessThanOrEqual(lengths.get(r.uri) ?? 0);
  }
}

/** Hover, completion and quick fixes at an offset: no throw, ranges inside the document. */
export function checkFeatures(file: SourceFile, offset: number): void {
  const workspace = new PortolanWorkspace();
  workspace.update(file);
  const inside = (span: { start: number; end: number }) => span.start >= 0 && span.start <= span.end && span.end <= file.text.length;
  const hover = workspace.hover(file.uri, offset);
  if (hover) expect(inside(hover.span)).toBe(true);
  for (const item of workspace.complete(file.uri, offset)?.items ?? []) expect(inside(item.replace)).toBe(true);
  for (const action of workspace.codeActions(file.uri, { start: offset, end: offset })) for (const edit of action.edits) expect(inside(edit.span)).toBe(true);
  workspace.definition(file.uri, offset);
  workspace.references(file.uri, offset);
}
const port = fc.oneof(
  fc.integer({ min: -5, max: 70000 }).map(String),
  fc.constantFrom('http', '"8080"', 'x--y', 'Http', '', '{{ .Values.port }}', '1.5', 'true', '~', '*a'),
);
const action = fc.constantFrom('{{ .Values.port }}', '{{- if .Values.on }}', '{{- end }}', '{{ include "x" . }}', '{{- range .Values.ports }}', '{{- else }}', '{{ toYaml . | nindent 8 }}', '{{/* c */}}', '{{', '}}');

export const manifest = fc
  .record({
    kind: fc.constantFrom('Pod', 'Deployment', 'DaemonSet', 'Service', 'Gateway'),
    hostNetwork: fc.constantFrom('true', 'false', '{{ .Values.hn }}', 'yes'),
    ports: fc.array(fc.record({ containerPort: port, hostPort: fc.option(port), name: fc.option(port), protocol: fc.constantFrom('TCP', 'UDP', 'tcp', '') }), { maxLength: 4 }),
    noise: fc.array(fc.tuple(fc.nat(), action), { maxLength: 4 }),
  })
  .map(({ kind, hostNetwork, ports, noise }) => {
    const podSpec = `spec:\n  hostNetwork: ${hostNetwork}\n  containers:\n    - name: c\n      image: example.com/c:1\n      ports:\n${ports
      .map((p) => `        - containerPort: ${p.containerPort}\n${p.hostPort !== null ? `          hostPort: ${p.hostPort}\n` : ''}${p.name !== null ? `          name: ${p.name}\n` : ''}          protocol: ${p.protocol}\n`)
      .join('')}`;
    const body =
      kind === 'Service'
        ? `spec:\n  type: NodePort\n  selector:\n    app: a\n  ports:\n${ports.map((p) => `    - port: ${p.containerPort}\n      nodePort: ${p.hostPort ?? 30000}\n      targetPort: ${p.name ?? 'http'}\n`).join('')}`
        : kind === 'Gateway'
          ? `spec:\n  gatewayClassName: kgateway\n  listeners:\n${ports.map((p) => `    - name: l\n      protocol: HTTP\n      port: ${p.containerPort}\n`).join('')}`
          : kind === 'Pod'
            ? podSpec
            : `spec:\n  template:\n    metadata:\n      labels:\n        app: a\n    ${podSpec.replace(/\n/g, '\n    ')}`;
    let text = `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: m\n${body}`;
    for (const [at, inserted] of noise) {
      const lines = text.split('\n');
      lines.splice(at % (lines.length + 1), 0, `  ${inserted}`);
      text = lines.join('\n');
    }
    return text;
  });

