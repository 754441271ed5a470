// Quick fixes that fix: applying any fix offered anywhere (in examples/, in generated manifests
// and charts) removes the finding it was offered for and adds none. Each fix's edits are applied
// to the text of the files they name, the workspace is checked again, and the findings compared
// by file, rule and port number (or position, for a finding about no number; a position after an
// edit moves with it). `npm test` runs a short run; FUZZ_RUNS sets the cases per property.

import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CodeAction, TextEdit } from '../../server/src/service/features/codeActions';
import { BUILTIN_PLATFORMS, defaultSettings, PortolanWorkspace, type Diagnostic, type Settings, type SourceFile } from '../../server/src/service/index';
import { PROPERTY_RUNS, RUNS } from '../fuzz/generators';
import { loadFixture } from '../support/fixture';

const TIMEOUT_MS = Math.max(20_000, RUNS * 100);

function workspaceOf(files: readonly SourceFile[], settings: Partial<Settings>): PortolanWorkspace {
  const workspace = new PortolanWorkspace({ ...defaultSettings(BUILTIN_PLATFORMS), ...settings });
  for (const file of files) workspace.update(file);
  return workspace;
}

/**
 * The findings a fix is judged by. Hints are left out: they follow a number wherever it goes (a
 * Service port moved to a new number is still one no container declares), and say nothing of
 * whether the fix broke something.
 */
function findings(workspace: PortolanWorkspace): Diagnostic[] {
  return workspace.uris().flatMap((uri) => workspace.diagnostics(uri)).filter((d) => d.severity !== 'hint');
}

/** Every fix offered anywhere: on every finding and on every port field's key and value. */
function fixesOffered(workspace: PortolanWorkspace): CodeAction[] {
  const seen = new Map<string, CodeAction>();
  for (const uri of workspace.uris()) {
    const spans = [...workspace.diagnostics(uri).map((d) => d.span), ...workspace.sites(uri).flatMap((s) => [s.field.span, ...(s.field.keySpan ? [s.field.keySpan] : [])])];
    for (const span of spans) {
      for (const action of workspace.codeActions(uri, span)) {
        const key = `${action.title}\0${JSON.stringify(action.edits)}\0${action.diagnostic ? `${action.diagnostic.uri}@${action.diagnostic.span.start}` : ''}`;
        seen.set(key, action);
      }
    }
  }
  return [...seen.values()];
}

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  return [...edits].sort((a, b) => b.span.start - a.span.start).reduce((out, e) => out.slice(0, e.span.start) + e.newText + out.slice(e.span.end), text);
}

/** Where an offset of the old text stands in the new one (inside a replaced span: at its start); edits in text order. */
function mapOffset(offset: number, edits: readonly TextEdit[]): number {
  let delta = 0;
  for (const e of edits) {
    if (offset >= e.span.end) delta += e.newText.length - (e.span.end - e.span.start);
    else if (offset >= e.span.start) return e.span.start + delta;
    else break;
  }
  return offset + delta;
}

/**
 * What makes a finding the same one after an edit: a finding about a port number is about that
 * number wherever it stands (removing a host-network pod's hostPort moves its finding to the
 * containerPort); any other is about its place.
 */
function identity(d: Diagnostic, start: number): string {
  return d.port !== undefined ? `${d.uri} ${d.rule} ${d.port}/${d.protocol ?? '?'}` : `${d.uri} ${d.rule} @${start}`;
}

/** How many ports of host-network pods have a hostPort that is not their containerPort. */
function hostPortsApart(workspace: PortolanWorkspace): number {
  const decls = workspace.models().flatMap((m) => m.workloads.filter((w) => w.hostNetwork === true).flatMap((w) => w.containers.flatMap((c) => c.ports)));
  const number = (field: { raw: { kind: string; value?: unknown } } | undefined) => (field?.raw.kind === 'number' ? field.raw.value : undefined);
  return decls.filter((d) => d.hostPort && number(d.hostPort) !== undefined && number(d.hostPort) !== number(d.containerPort)).length;
}

/**
 * A finding repeated on the values key that caused it: the template's finding shown where the fix
 * belongs, not one of its own. Compared through the template's finding.
 */
function isRepeated(d: Diagnostic): boolean {
  return d.related[0]?.message.endsWith(' is used here') === true;
}

function originOf(repeated: Diagnostic, before: readonly Diagnostic[]): Diagnostic | undefined {
  const use = repeated.related[0]!;
  return before.find(
    (d) => d.uri === use.uri && d.rule === repeated.rule && d.port === repeated.port && d.span.start <= use.span.end && use.span.start <= d.span.end && repeated.message.endsWith(d.message),
  );
}

function count(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

/** Applies the fix to the files and checks the property; throws (with the fix and the files) when it fails. */
function checkFix(files: readonly SourceFile[], settings: Partial<Settings>, action: CodeAction, before: readonly Diagnostic[]): void {
  const editsByUri = new Map<string, TextEdit[]>();
  for (const edit of action.edits) editsByUri.set(edit.uri, [...(editsByUri.get(edit.uri) ?? []), edit]);
  for (const [uri, edits] of editsByUri) {
    expect(files.some((f) => f.uri === uri), `${action.title}: an edit of ${uri}, which is not in the workspace`).toBe(true);
    const sorted = [...edits].sort((a, b) => a.span.start - b.span.start);
    sorted.forEach((e, i) => i > 0 && expect(e.span.start, `${action.title}: overlapping edits`).toBeGreaterThanOrEqual(sorted[i - 1]!.span.end));
    editsByUri.set(uri, sorted);
  }
  // A value a template prints is changed where it is set, never by writing over the action (a
  // field deleted with its action is no overwrite).
  for (const file of files.filter((f) => f.uri.includes('/templates/') && editsByUri.has(f.uri))) {
    for (const printed of file.text.matchAll(/\{\{[\s\S]*?\}\}/g)) {
      const span = { start: printed.index, end: printed.index + printed[0].length };
      const deleted = (e: TextEdit) => e.newText === '' && e.span.start <= span.start && span.end <= e.span.end;
      const touched = editsByUri.get(file.uri)!.some((e) => e.span.start < span.end && span.start < e.span.end && !deleted(e));
      expect(touched, `${action.title}: edits the template action ${printed[0]}`).toBe(false);
    }
  }
  const fixed = files.map((f) => (editsByUri.has(f.uri) ? { ...f, text: applyEdits(f.text, editsByUri.get(f.uri)!) } : f));
  const fixedWorkspace = workspaceOf(fixed, settings);
  // The API server rejects a host-network pod whose hostPort is not its containerPort.
  expect(hostPortsApart(fixedWorkspace), `${action.title}: a host-network pod's hostPort and containerPort now differ`).toBeLessThanOrEqual(hostPortsApart(workspaceOf(files, settings)));
  const after = findings(fixedWorkspace).filter((d) => !isRepeated(d));
  const moved = (d: Diagnostic) => identity(d, mapOffset(d.span.start, editsByUri.get(d.uri) ?? []));
  const was = count(before.filter((d) => !isRepeated(d)).map(moved));
  const now = count(after.map((d) => identity(d, d.span.start)));
  const context = () => `${action.title}\n${JSON.stringify(action.edits)}\n${fixed.map((f) => `--- ${f.uri}\n${f.text}`).join('\n')}`;
  const added = [...now].filter(([key, n]) => n > (was.get(key) ?? 0)).map(([key]) => key);
  const messages = after.filter((d) => added.includes(identity(d, d.span.start))).map((d) => d.message);
  expect(added, `the fix added findings (${messages.join(' | ')}):\n${context()}`).toEqual([]);
  if (action.diagnostic) {
    const origin = isRepeated(action.diagnostic) ? originOf(action.diagnostic, before) : action.diagnostic;
    expect(origin, `${action.title}: offered on a repeated finding whose origin is gone`).toBeDefined();
    const fixedKey = moved(origin!);
    expect(now.get(fixedKey) ?? 0, `the finding ${fixedKey} stayed:\n${context()}`).toBeLessThan(was.get(fixedKey)!);
  }
}

/** Every fix offered in the files keeps the property; returns how many there were. */
function checkAllFixes(files: readonly SourceFile[], settings: Partial<Settings> = {}): number {
  const workspace = workspaceOf(files, settings);
  const before = findings(workspace);
  const actions = fixesOffered(workspace);
  for (const action of actions) checkFix(files, settings, action, before);
  return actions.length;
}

// ---------------------------------------------------------------------------------------------
// Generated workspaces: workloads and Services whose ports are drawn from numbers that collide
// (reserved on nodes, in the NodePort range, used twice) and names one edit apart; in a chart,
// any value may come from a values key, some keys feeding several fields.

/** A port value as a template writes it: a literal, or a values key. */
type Value = { literal: string } | { key: string };

const NUMBERS = ['10250', '10249', '10251', '2379', '9099', '9100', '9400', '9401', '8080', '8081', '53', '80', '6443', '30000', '30080', '32767', '29999'];
const NODE_PORTS = ['30080', '30081', '30000', '32767', '80', '8080', '40000'];
const NAMES = ['http', 'htp', 'metrics', 'metric', 'web', 'dns', '"8080"'];
const KEYS = ['port', 'hostPort', 'metricsPort', 'service.port', 'service.nodePort', 'name'];

const number = fc.constantFrom(...NUMBERS);
const nodePort = fc.constantFrom(...NODE_PORTS);
const portName = fc.constantFrom(...NAMES);
const numberOrName = fc.oneof(number, portName);

/** In a chart, a value may come from one of a few keys instead. */
const valueOf = (literal: fc.Arbitrary<string>, chart: boolean): fc.Arbitrary<Value> =>
  chart ? fc.oneof({ weight: 2, arbitrary: literal.map((l) => ({ literal: l })) }, { weight: 1, arbitrary: fc.constantFrom(...KEYS).map((key) => ({ key })) }) : literal.map((l) => ({ literal: l }));

const containerPorts = (chart: boolean) =>
  fc.array(
    fc.record({
      containerPort: valueOf(number, chart),
      hostPort: fc.option(valueOf(number, chart), { freq: 2 }),
      name: fc.option(valueOf(portName, chart), { freq: 2 }),
      protocol: fc.constantFrom(undefined, 'TCP', 'UDP'),
    }),
    { minLength: 1, maxLength: 3 },
  );

const workload = (chart: boolean) =>
  fc.record({
    kind: fc.constantFrom('DaemonSet', 'Deployment', 'Pod'),
    name: fc.constantFrom('agent', 'exporter', 'proxy'),
    app: fc.constantFrom('a', 'b'),
    hostNetwork: chart ? fc.constantFrom<string | undefined>(undefined, 'true', 'false', '{{ .Values.hostNetwork }}') : fc.constantFrom<string | undefined>(undefined, 'true', 'false'),
    controlPlane: fc.boolean(),
    containers: fc.array(
      fc.record({ ports: containerPorts(chart), probe: fc.option(valueOf(numberOrName, chart), { freq: 2 }) }),
      { minLength: 1, maxLength: 2 },
    ),
  });

const service = (chart: boolean) =>
  fc.record({
    name: fc.constantFrom('web', 'metrics', 'agent'),
    app: fc.constantFrom('a', 'b'),
    nodePortType: fc.boolean(),
    ports: fc.array(
      fc.record({
        port: valueOf(number, chart),
        targetPort: fc.option(valueOf(numberOrName, chart), { freq: 3 }),
        nodePort: fc.option(valueOf(nodePort, chart), { freq: 2 }),
        protocol: fc.constantFrom(undefined, 'TCP', 'UDP'),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  });

type Generated<A> = A extends fc.Arbitrary<infer T> ? T : never;
type WorkloadSpec = Generated<ReturnType<typeof workload>>;
type ServiceSpec = Generated<ReturnType<typeof service>>;

function written(value: Value): string {
  return 'key' in value ? `{{ .Values.${value.key} }}` : value.literal;
}

function workloadYaml(w: WorkloadSpec, index: number, chart: boolean): string {
  const name = chart ? `{{ .Release.Name }}-${w.name}` : w.name;
  const containers = w.containers
    .map((c, i) => {
      const ports = c.ports
        .map(
          (p) =>
            `        - containerPort: ${written(p.containerPort)}\n` +
            (p.hostPort ? `          hostPort: ${written(p.hostPort)}\n` : '') +
            (p.name ? `          name: ${written(p.name)}\n` : '') +
            (p.protocol ? `          protocol: ${p.protocol}\n` : ''),
        )
        .join('');
      const probe = c.probe ? `      readinessProbe:\n        tcpSocket:\n          port: ${written(c.probe)}\n` : '';
      return `    - name: c${i}\n      image: example.com/c:1.0\n      ports:\n${ports}${probe}`;
    })
    .join('');
  const pod =
    (w.hostNetwork ? `  hostNetwork: ${w.hostNetwork}\n` : '') +
    (w.controlPlane ? `  tolerations:\n    - key: node-role.kubernetes.io/control-plane\n      operator: Exists\n      effect: NoSchedule\n` : '') +
    `  containers:\n${containers}`;
  if (w.kind === 'Pod') return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}-${index}\n  labels:\n    app: ${w.app}\nspec:\n${pod}`;
  const template = pod.replace(/^/gm, '    ');
  return `apiVersion: apps/v1\nkind: ${w.kind}\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    matchLabels:\n      app: ${w.app}\n  template:\n    metadata:\n      labels:\n        app: ${w.app}\n    spec:\n${template}`;
}

function serviceYaml(s: ServiceSpec, chart: boolean): string {
  const name = chart ? `{{ .Release.Name }}-${s.name}` : s.name;
  const ports = s.ports
    .map(
      (p, i) =>
        `    - name: p${i}\n      port: ${written(p.port)}\n` +
        (p.targetPort ? `      targetPort: ${written(p.targetPort)}\n` : '') +
        (p.nodePort && s.nodePortType ? `      nodePort: ${written(p.nodePort)}\n` : '') +
        (p.protocol ? `      protocol: ${p.protocol}\n` : ''),
    )
    .join('');
  return `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  type: ${s.nodePortType ? 'NodePort' : 'ClusterIP'}\n  selector:\n    app: ${s.app}\n  ports:\n${ports}`;
}

/** A values file setting the keys, with numbers for ports and names for `name`. */
const valuesFile = fc.record({
  hostNetwork: fc.constantFrom('true', 'false'),
  port: number,
  hostPort: number,
  metricsPort: number,
  service: fc.record({ port: number, nodePort: nodePort }),
  name: portName,
});

function valuesYaml(v: Generated<typeof valuesFile>, omit: readonly string[] = []): string {
  const lines = [
    !omit.includes('hostNetwork') && `hostNetwork: ${v.hostNetwork}`,
    !omit.includes('port') && `port: ${v.port}`,
    !omit.includes('hostPort') && `hostPort: ${v.hostPort}`,
    !omit.includes('metricsPort') && `metricsPort: ${v.metricsPort}`,
    !omit.includes('service') && `service:\n  port: ${v.service.port}\n  nodePort: ${v.service.nodePort}`,
    !omit.includes('name') && `name: ${v.name}`,
  ];
  return `${lines.filter(Boolean).join('\n')}\n`;
}

const plainWorkspace = fc
  .record({ workloads: fc.array(workload(false), { minLength: 1, maxLength: 3 }), services: fc.array(service(false), { maxLength: 2 }), oneFile: fc.boolean() })
  .map(({ workloads, services, oneFile }): SourceFile[] => {
    const docs = [...workloads.map((w, i) => workloadYaml(w, i, false)), ...services.map((s) => serviceYaml(s, false))];
    return oneFile ? [{ uri: 'all.yaml', text: docs.join('---\n') }] : docs.map((text, i) => ({ uri: `m${i}.yaml`, text }));
  });

const chartWorkspace = fc
  .record({
    workloads: fc.array(workload(true), { minLength: 1, maxLength: 2 }),
    services: fc.array(service(true), { maxLength: 2 }),
    values: valuesFile,
    prod: fc.option(fc.tuple(valuesFile, fc.subarray(['hostNetwork', 'port', 'hostPort', 'metricsPort', 'service', 'name']))),
    neighbour: fc.option(workload(false)),
  })
  .map(({ workloads, services, values, prod, neighbour }): { files: SourceFile[]; settings: Partial<Settings> } => {
    const files: SourceFile[] = [
      { uri: 'chart/Chart.yaml', text: 'apiVersion: v2\nname: chart\nversion: 0.1.0\n' },
      { uri: 'chart/values.yaml', text: valuesYaml(values) },
      ...workloads.map((w, i) => ({ uri: `chart/templates/w${i}.yaml`, text: workloadYaml(w, i, true) })),
      ...services.map((s, i) => ({ uri: `chart/templates/s${i}.yaml`, text: serviceYaml(s, true) })),
    ];
    if (neighbour) files.push({ uri: 'neighbour.yaml', text: workloadYaml(neighbour, 9, false) });
    if (!prod) return { files, settings: {} };
    files.push({ uri: 'chart/values-prod.yaml', text: valuesYaml(prod[0], prod[1]) });
    return { files, settings: { helm: { valueFiles: ['values-prod.yaml'], set: [] } } };
  });

describe('quick fixes that fix', { timeout: TIMEOUT_MS }, () => {
  it('in examples/: every fix removes its finding and adds none', () => {
    const examples = loadFixture(join(__dirname, '..', '..', 'examples'), join(__dirname, '..', '..', 'examples'));
    expect(checkAllFixes(examples.files, examples.settings)).toBeGreaterThan(5);
  });

  it('in generated manifests', () => {
    let offered = 0;
    fc.assert(
      fc.property(plainWorkspace, (files) => {
        offered += checkAllFixes(files);
      }),
      PROPERTY_RUNS,
    );
    expect(offered).toBeGreaterThan(0);
  });

  it('in generated charts, where values set the ports', () => {
    let offered = 0;
    fc.assert(
      fc.property(chartWorkspace, ({ files, settings }) => {
        offered += checkAllFixes(files, settings);
      }),
      PROPERTY_RUNS,
    );
    expect(offered).toBeGreaterThan(0);
  });
});
