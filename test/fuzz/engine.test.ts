// Property-based tests: whatever text the engine is fed (random text, generated manifests and
// charts with random template actions, mutations of the corpus), it never throws, never answers
// with a range outside the document, and answers within a time bound; hover, completion and
// quick fixes at any offset do the same. CI runs a short fuzz; `npm run fuzz` a long one
// (FUZZ_RUNS cases per property). A failure's input is kept in regressions.ts.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkFiles, PortolanWorkspace, type SourceFile } from '../../server/src/service/index';
import { readWorkspace } from '../support/workspace';
import { REGRESSIONS } from './regressions';

const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
/** A long run takes its time: a few milliseconds a case. */
const TIMEOUT_MS = Math.max(10_000, RUNS * 10);
const TIME_BOUND_MS = 2000;
const CORPUS = join(__dirname, '..', '..', '..', 'shared', 'corpus');
const corpus = readWorkspace(CORPUS).filter((file) => file.text.length < 60_000);

/** Checks one set of files and asserts the invariants; returns nothing, throws on a violation. */
function checkInvariants(files: SourceFile[]): void {
  const started = performance.now();
  const diagnostics = checkFiles(files);
  expect(performance.now() - started).toBeLessThan(TIME_BOUND_MS);
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
function checkFeatures(file: SourceFile, offset: number): void {
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

const manifest = fc
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

const mutation = fc.tuple(fc.constantFrom(...corpus.map((_, i) => i)), fc.nat(), fc.nat(), fc.constantFrom('truncate', 'delete-line', 'duplicate-line', 'swap', 'insert-bytes'), fc.string({ maxLength: 8 }));

function mutate([index, a, b, how, bytes]: [number, number, number, string, string]): SourceFile {
  const file = corpus[index]!;
  const text = file.text;
  const at = a % (text.length + 1);
  const lines = text.split('\n');
  const line = b % lines.length;
  let mutated: string;
  switch (how) {
    case 'truncate':
      mutated = text.slice(0, at);
      break;
    case 'delete-line':
      lines.splice(line, 1);
      mutated = lines.join('\n');
      break;
    case 'duplicate-line':
      lines.splice(line, 0, lines[line]!);
      mutated = lines.join('\n');
      break;
    case 'swap':
      mutated = text.slice(0, at) + text.slice(at + 1, at + 2) + text.slice(at, at + 1) + text.slice(at + 2);
      break;
    default:
      mutated = text.slice(0, at) + bytes + text.slice(at);
  }
  return { ...file, text: mutated };
}

describe('the engine under fuzzing', { timeout: TIMEOUT_MS }, () => {
  it('survives any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.boolean(), (text, helm) => checkInvariants([{ uri: 'fuzz.yaml', text, helm }])),
      { numRuns: RUNS },
    );
  });

  it('survives generated manifests and charts with template noise', () => {
    fc.assert(
      fc.property(fc.array(manifest, { minLength: 1, maxLength: 3 }), fc.boolean(), (texts, helm) =>
        checkInvariants(texts.map((text, i) => ({ uri: helm ? `chart/templates/t${i}.yaml` : `m${i}.yaml`, text, helm }))),
      ),
      { numRuns: RUNS },
    );
  });

  it('survives mutations of the corpus', () => {
    expect(corpus.length).toBeGreaterThan(5);
    fc.assert(fc.property(mutation, (m) => checkInvariants([mutate(m)])), { numRuns: RUNS });
  });

  it('answers hover, completion and quick fixes at any offset', () => {
    fc.assert(
      fc.property(manifest, fc.nat(), (text, at) => checkFeatures({ uri: 'm.yaml', text }, at % (text.length + 1))),
      { numRuns: RUNS },
    );
  });

  it.each(REGRESSIONS.map((r) => [r.name, r]))('keeps regression %s fixed', (_, regression) => {
    checkInvariants(regression.files);
  });

  it('reads the calico corpus file within the bound', () => {
    const calico = readFileSync(join(CORPUS, 'projectcalico__calico__manifests__calico-typha.yaml'), 'utf8');
    checkInvariants([{ uri: 'calico.yaml', text: calico }]);
  });
});
