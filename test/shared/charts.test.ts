// Charts rendered with their values, as `helm template` renders them.
//
// The corpus's charts (../shared/corpus) keep only the templates that carry ports: their
// _helpers.tpl is gone, so Helm itself fails on them. Portolan must fail where helm fails, with
// helm's message, and say nothing else louder than a hint. The real helm
// (../shared/tools/helm-oracle.sh) is asked template by template: each template alone in a copy
// of its chart (Chart.yaml, values.yaml), since helm stops at the first template that fails
// while Portolan reports every one.
//
// What the corpus charts used to show when their actions were blanked is shown here on the
// complete charts of ../shared/realworld, read as the command line reads them: node-exporter on
// the host network with the port its values give, a values file or values.yaml moving it onto
// the kubelet's, a --set Service type and nodePort; Cilium (bitnami's packaging) on its own ports.

import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collectFiles } from '../../server/src/cli/files';
import { workloadIsOwner } from '../../server/src/service/catalog/owners';
import { hostBindings } from '../../server/src/service/model/ports';
import type { Workload } from '../../server/src/service/model/types';
import { BUILTIN_PLATFORMS, checkFiles, defaultSettings, PortolanWorkspace, type Diagnostic, type SourceFile } from '../../server/src/service/index';
import { sharedPath } from '../support/shared';
import { readWorkspace } from '../support/workspace';

const CORPUS = sharedPath('corpus');
const REALWORLD = sharedPath('realworld');

interface HelmArgs {
  valueFiles?: string[];
  set?: string[];
}

function settingsWith(helm: HelmArgs) {
  return { ...defaultSettings(BUILTIN_PLATFORMS), helm: { valueFiles: helm.valueFiles ?? [], set: helm.set ?? [] } };
}

function check(files: SourceFile[], helm: HelmArgs = {}): Diagnostic[] {
  return checkFiles(files, { settings: settingsWith(helm) });
}

const loud = (d: { severity: string }) => d.severity === 'error' || d.severity === 'warning';
const shown = (d: Diagnostic) => `${d.uri}: ${d.rule}: ${d.message}`;

/** A corpus chart as the workspace reads it, its URIs under the chart's folder name. */
function corpusChart(name: string): SourceFile[] {
  return readWorkspace(join(CORPUS, name)).map((file) => ({ ...file, uri: `${name}/${file.uri}` }));
}

/**
 * A complete chart of ../shared/realworld as the command line reads it (collectFiles: every file
 * of the chart, with the bytes of its packaged subcharts), its URIs starting with the chart's name.
 */
function realChart(folder: string): SourceFile[] {
  return collectFiles([folder.split('/').pop()!], join(REALWORLD, dirname(folder))).files;
}

// ---------------------------------------------------------------------------------------------
// The real helm, on one template of a corpus chart at a time.

const helmBinary = (() => {
  let binary: string | undefined;
  return () => (binary ??= execFileSync('bash', [join(sharedPath('tools'), 'helm-oracle.sh')], { encoding: 'utf8' }).trim());
})();

const scratch = mkdtempSync(join(tmpdir(), 'portolan-corpus-charts-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface HelmFailure {
  /** 1-based line of the action helm fails on, and its 0-based byte column (Go's ErrorContext). */
  line: number;
  column: number;
  /** What helm says after the position: `error calling include: template: no template …`, one line. */
  message: string;
}

/** `helm template` on the chart with `template` as its only template: undefined when it renders. */
function helmAlone(chart: string, template: string): HelmFailure | undefined {
  const dir = join(scratch, `${chart}-${template.replace(/\//g, '_')}`, chart);
  mkdirSync(join(dir, dirname(template)), { recursive: true });
  for (const file of ['Chart.yaml', 'values.yaml', template]) copyFileSync(join(CORPUS, chart, file), join(dir, file));
  try {
    execFileSync(helmBinary(), ['template', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return undefined;
  } catch (e) {
    // helm's closing advice (`Use --debug flag to render out invalid YAML`) is no part of the error.
    const stderr = String((e as { stderr?: string }).stderr ?? e).replace(/\n+Use --debug flag[^\n]*\n*$/, '');
    // Error: <chart>/<template>:<line>:<col>\n  executing "<chart>/<template>" at <…>:\n    <message…>
    const m = new RegExp(`^Error: ${chart}/${template}:(\\d+):(\\d+)\\n\\s*executing "[^"]*" at <[^\\n]*>:\\n([\\s\\S]*)$`).exec(stderr.trim());
    if (!m) throw new Error(`helm failed on ${chart}/${template} in a way this test does not read:\n${stderr}`);
    return { line: Number(m[1]), column: Number(m[2]), message: m[3]!.replace(/\s+/g, ' ').trim() };
  }
}

function offsetOf(text: string, line: number, column: number): number {
  const lines = text.split('\n');
  const start = lines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0);
  // Go counts the column in bytes.
  return start + Buffer.from(lines[line - 1]!, 'utf8').subarray(0, column).toString('utf8').length;
}

const CORPUS_CHARTS = ['prometheus-node-exporter', 'kgateway', 'kgateway-proxy', 'cilium'];

describe('the corpus charts, which helm cannot render', () => {
  it.each(CORPUS_CHARTS)('%s: Portolan fails on each template where helm fails, with its message, and says nothing else louder than a hint', (chart) => {
    const files = corpusChart(chart);
    const templates = files.map((f) => f.uri.slice(chart.length + 1)).filter((p) => p.startsWith('templates/'));
    expect(templates.length).toBeGreaterThan(0);
    // Rendering one template alone is what helm does to it in the whole chart only if no
    // template defines a named template another one includes.
    for (const f of files) expect(f.text, `${f.uri} defines a template`).not.toMatch(/\{\{-?\s*(define|block)\b/);

    const found = check(files);
    const errors = found.filter((d) => d.rule === 'template-error');
    expect(found.filter(loud).filter((d) => d.rule !== 'template-error').map(shown)).toEqual([]);
    expect(errors.every((d) => d.severity === 'error')).toBe(true);

    let failing = 0;
    for (const template of templates) {
      const uri = `${chart}/${template}`;
      const text = files.find((f) => f.uri === uri)!.text;
      const helm = helmAlone(chart, template);
      const onTemplate = errors.filter((d) => d.uri === uri);
      if (!helm) {
        expect(onTemplate.map(shown), `helm renders ${uri}`).toEqual([]);
        continue;
      }
      failing++;
      expect(onTemplate.map((d) => d.message), uri).toEqual([`helm template fails here: ${helm.message}`]);
      const at = offsetOf(text, helm.line, helm.column);
      const { start, end } = onTemplate[0]!.span;
      expect(start <= at && at < end, `${uri}: the finding ${JSON.stringify(text.slice(start, end))} covers helm's ${helm.line}:${helm.column}`).toBe(true);
    }
    // The corpus README says these charts do not render with helm template; each of them fails.
    expect(failing).toBeGreaterThan(0);
    // No finding on a file that is not one of the chart's templates.
    expect(errors.filter((d) => !templates.some((t) => d.uri === `${chart}/${t}`)).map(shown)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// prometheus-community's prometheus-node-exporter chart, complete.

const NODE_EXPORTER = 'prometheus-community__helm-charts/charts/prometheus-node-exporter';

describe('prometheus-node-exporter (prometheus-community, complete)', () => {
  const files = realChart(NODE_EXPORTER);
  const daemonset = 'prometheus-node-exporter/templates/daemonset.yaml';

  it('is quiet with its default values: 9100 on the host network is in no catalog', () => {
    expect(files.some((f) => f.uri === daemonset)).toBe(true);
    expect(check(files).filter(loud).map(shown)).toEqual([]);
  });

  // The chart is also rendered with each of its ci/*.yaml files; ci/kube-rbac-proxy-tlssecret-values.yaml
  // puts kube-rbac-proxy in front, on the same service.port: a second finding, which says so.
  const CI_PROXY = ' (with ci/kube-rbac-proxy-tlssecret-values.yaml)';
  const profileOf = (d: Diagnostic) => (d.message.endsWith(CI_PROXY) ? 'ci proxy' : 'defaults');

  it('binds the port its values give on the host network: a values file moving it onto the kubelet\'s', () => {
    // hostNetwork is true by default; service.port is the container's port too.
    const override: SourceFile = { uri: 'prod-values.yaml', text: 'service:\n  port: 10250\n' };
    const found = check([...files, override], { valueFiles: ['prod-values.yaml'] }).filter((d) => d.rule === 'host-port-reserved');
    const template = files.find((f) => f.uri === daemonset)!.text;
    const onTemplate = found.filter((d) => d.uri === daemonset);
    expect(onTemplate.map(profileOf).sort()).toEqual(['ci proxy', 'defaults']);
    for (const d of onTemplate) {
      expect(d.message).toMatch(/^host-network containerPort 10250\/TCP collides with a port the platform reserves on the node: kubelet/);
      expect(template.slice(d.span.start, d.span.end)).toMatch(/^\{\{ \.Values\.service\.port ?\}\}$/);
    }
    const onValues = found.filter((d) => d.uri === 'prod-values.yaml');
    expect(onValues.map(profileOf).sort()).toEqual(['ci proxy', 'defaults']);
    for (const d of onValues) {
      expect(d.message).toMatch(/^service\.port = 10250, used by prometheus-node-exporter\/templates\/daemonset\.yaml:\d+ /);
      expect(override.text.slice(d.span.start, d.span.end)).toBe('10250');
    }
    expect(found.filter((d) => d.uri !== daemonset && d.uri !== 'prod-values.yaml').map(shown)).toEqual([]);
    // Off the host network, 10250 is the pod's own: no collision.
    const podNetwork: SourceFile = { uri: 'prod-values.yaml', text: 'hostNetwork: false\nservice:\n  port: 10250\n' };
    expect(check([...files, podNetwork], { valueFiles: ['prod-values.yaml'] }).filter((d) => d.rule === 'host-port-reserved').map(shown)).toEqual([]);
  });

  it('puts the finding on the values.yaml key when the chart default causes it', () => {
    const moved = files.map((file) => (file.uri === 'prometheus-node-exporter/values.yaml' ? { ...file, text: file.text.replace(/^(  port:) 9100$/m, '$1 10250') } : file));
    const values = moved.find((f) => f.uri === 'prometheus-node-exporter/values.yaml')!;
    expect(values.text).not.toBe(files.find((f) => f.uri === values.uri)!.text);
    const onValues = check(moved).filter((d) => d.uri === values.uri && d.rule === 'host-port-reserved');
    expect(onValues.map(profileOf).sort()).toEqual(['ci proxy', 'defaults']);
    for (const d of onValues) {
      expect(values.text.slice(d.span.start, d.span.end)).toBe('10250');
      expect(d.message).toMatch(/^service\.port = 10250, used by prometheus-node-exporter\/templates\/daemonset\.yaml:\d+ /);
    }
  });

  it('follows the Service type and nodePort that --set gives', () => {
    expect(check(files).some((d) => d.rule === 'node-port-out-of-range')).toBe(false);
    const found = check(files, { set: ['service.type=NodePort,service.nodePort=8080'] }).filter((d) => d.rule === 'node-port-out-of-range');
    expect(found.map((d) => `${d.uri}: ${d.message}`)).toEqual(['prometheus-node-exporter/templates/service.yaml: nodePort 8080 is outside the NodePort range 30000-32767: the API server rejects the Service']);
    // Inside the range: quiet.
    expect(check(files, { set: ['service.type=NodePort,service.nodePort=30100'] }).filter(loud).map(shown)).toEqual([]);
    // The chart writes a nodePort only for a NodePort Service.
    expect(check(files, { set: ['service.nodePort=8080'] }).some((d) => d.rule === 'node-port-out-of-range')).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// bitnami's packaging of Cilium, complete (its `common` and `etcd` dependencies as packaged
// subcharts in charts/).

const CILIUM = 'bitnami__charts/bitnami/cilium';

/** The chart's rendered workloads under these values, as the workspace models them. */
function ciliumWorkloads(files: SourceFile[], helm: HelmArgs): { workspace: PortolanWorkspace; workloads: Workload[] } {
  const workspace = new PortolanWorkspace(settingsWith(helm), []);
  for (const file of files) workspace.update(file);
  return { workspace, workloads: workspace.models().flatMap((m) => m.workloads) };
}

describe("Cilium (bitnami's chart, complete) on its own ports", () => {
  const files = realChart(CILIUM);
  // The operator's metrics port 9963 is declared only with operator.metrics.enabled.
  const helm: HelmArgs = { set: ['operator.metrics.enabled=true'] };

  it('reads the packaged subcharts as bytes, and is quiet with its defaults and with metrics on', () => {
    expect(files.filter((f) => f.uri.endsWith('.tgz')).every((f) => f.bytes !== undefined)).toBe(true);
    expect(check(files).filter(loud).map(shown)).toEqual([]);
    expect(check(files, helm).filter(loud).map(shown)).toEqual([]);
  });

  it("sees the operator bind 9234 and 9963 and the agent 9879 and 4244 on the node, each Cilium's own catalog port", () => {
    const { workspace, workloads } = ciliumWorkloads(files, helm);
    const operator = workloads.find((w) => w.kind === 'Deployment' && w.containers.some((c) => c.name === 'cilium-operator'))!;
    const agent = workloads.find((w) => w.kind === 'DaemonSet' && w.containers.some((c) => c.name === 'cilium-agent'))!;
    expect(operator.hostNetwork).toBe(true);
    expect(agent.hostNetwork).toBe(true);
    const bound = (w: Workload) => hostBindings(w).map((b) => b.port);
    expect(bound(operator)).toEqual(expect.arrayContaining([9234, 9963]));
    expect(bound(agent)).toEqual(expect.arrayContaining([9879, 4244]));
    for (const [workload, port] of [[operator, 9234], [operator, 9963], [agent, 9879], [agent, 4244]] as const) {
      // The silence is earned: the catalog reserves the port, and the workload is its owner.
      const reservations = workspace.catalog.nodeReservations(port, 'TCP');
      expect(reservations.length, `${port} is in the catalog`).toBeGreaterThan(0);
      expect(reservations.every((r) => workloadIsOwner(r.entry.owners, workload)), `${workload.name} owns ${port}`).toBe(true);
    }
  });

  it('is not blind to the port: another workload binding 9234 on the node collides with the operator, and with Cilium, which the chart shows runs', () => {
    const other: SourceFile = {
      uri: 'other.yaml',
      text: 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: other\nspec:\n  selector:\n    matchLabels: {app: other}\n  template:\n    metadata:\n      labels: {app: other}\n    spec:\n      hostNetwork: true\n      containers:\n        - name: other\n          image: example.com/other:1\n          ports:\n            - containerPort: 9234\n',
    };
    const onOther = check([...files, other], helm).filter((d) => d.uri === 'other.yaml' && loud(d));
    expect(onOther.map((d) => `${d.rule}: ${d.message}`)).toEqual([
      'host-port-conflict: host-network containerPort 9234/TCP is also bound on the node by Deployment release-name-cilium-operator; pods of both can land on the same node, and the second stays Pending',
      expect.stringMatching(/^host-port-reserved: host-network containerPort 9234\/TCP collides with a port the platform reserves on the node: cilium-operator \(operator API and health\) on all nodes, Cilium /),
    ]);
  });
});
