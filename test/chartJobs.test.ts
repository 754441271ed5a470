// Charts rendered away from the workspace (the checker's worker threads): the jobs carry what a
// render reads, the workspace takes the models back, and a result of files since edited is
// refused.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_PLATFORMS, checkWorkspace, ParseLibrary, runChartJob, WorkspaceCheck, type ChartJob, type ChartJobResult } from '../server/src/service/index';
import { defaultSettings } from '../server/src/service/settings';
import { renderChartModels } from '../server/src/service/charts/renderModels';
import { RenderCache } from '../server/src/service/helmrender/index';
import { PortolanWorkspace } from '../server/src/service/workspace';
import { readWorkspace } from './support/workspace';

const EXAMPLES = join(__dirname, '..', 'examples');

/** Jobs cross a thread boundary by structured clone: run them on copies, as a worker does. */
function runElsewhere(jobs: ChartJob[]): ChartJobResult[] {
  return structuredClone(jobs).map((job) => structuredClone(runChartJob(job)));
}

const hostPortPod = (port: number) => `apiVersion: v1
kind: Pod
metadata:
  name: {{ .Release.Name }}-agent
spec:
  containers:
    - name: agent
      image: example.com/agent:1
      ports:
        - containerPort: ${port}
          hostPort: {{ .Values.hostPort }}
`;

describe('charts rendered elsewhere', () => {
  it('find what the workspace finds rendering them itself, profiles included', () => {
    const files = readWorkspace(EXAMPLES);
    const check = new WorkspaceCheck(files);
    const jobs = check.chartJobs();
    expect(jobs.map((job) => [job.root, job.profiles.length]).sort()).toEqual([
      ['cache-chart', 1],
      ['metrics-chart', 2],
      ['web-chart', 1],
    ]);
    check.adoptRenders(runElsewhere(jobs));
    expect(check.result().diagnostics).toEqual(checkWorkspace(files).diagnostics);
  });

  it('stand while the files outside the charts are modelled after they were taken', () => {
    const settings = { ...defaultSettings(BUILTIN_PLATFORMS), helm: { valueFiles: ['env/prod.yaml'], set: [] } };
    const files = [
      { uri: 'agent/Chart.yaml', text: 'apiVersion: v2\nname: agent\nversion: 1.0.0\n' },
      { uri: 'agent/values.yaml', text: 'hostPort: 9100\n' },
      { uri: 'agent/templates/pod.yaml', text: hostPortPod(9100) },
      { uri: 'agent/crds/widgets.yaml', text: 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\n' },
      // A values file the settings name, read by the chart's render: modelled before the jobs are taken.
      { uri: 'env/prod.yaml', text: 'hostPort: 10250\n' },
      // Outside every chart: modelled after, with a finding of its own.
      { uri: 'plain/kubelet-proxy.yaml', text: hostPortPod(10250).replace('{{ .Release.Name }}', 'plain').replace('{{ .Values.hostPort }}', '10250') },
    ];
    const whole = checkWorkspace(files, { settings }).diagnostics;
    expect(whole.map((d) => [d.rule, d.uri])).toEqual(expect.arrayContaining([['host-port-reserved', 'agent/templates/pod.yaml'], ['host-port-reserved', 'plain/kubelet-proxy.yaml']]));
    const check = new WorkspaceCheck(files, { settings });
    const jobs = check.chartJobs();
    expect(jobs.map((job) => job.root)).toEqual(['agent']);
    check.modelPlainFiles();
    const [result] = runElsewhere(jobs);
    check.adoptRenders([result!]);
    expect(check.result().diagnostics).toEqual(whole);
    // Taken, not rendered again: a result that found no pod stands.
    const emptied = new WorkspaceCheck(files, { settings });
    const [other] = runElsewhere(emptied.chartJobs());
    emptied.modelPlainFiles();
    for (const model of other!.models[0]!.values()) model.workloads = [];
    emptied.adoptRenders([other!]);
    expect(emptied.result().diagnostics.filter((d) => d.rule === 'host-port-reserved').map((d) => d.uri)).toEqual(['plain/kubelet-proxy.yaml']);
  });

  it('are taken as they come back: the workspace does not render them again', () => {
    const files = [
      { uri: 'agent/Chart.yaml', text: 'apiVersion: v2\nname: agent\nversion: 1.0.0\n' },
      { uri: 'agent/values.yaml', text: 'hostPort: 10250\n' },
      { uri: 'agent/templates/pod.yaml', text: hostPortPod(9100) },
    ];
    expect(checkWorkspace(files).diagnostics.map((d) => d.rule)).toContain('host-port-reserved');
    const check = new WorkspaceCheck(files);
    const [result] = runElsewhere(check.chartJobs());
    // A render elsewhere that found no pod stands: the reserved hostPort is not found.
    for (const model of result!.models[0]!.values()) model.workloads = [];
    check.adoptRenders([result!]);
    expect(check.result().diagnostics.map((d) => d.rule)).not.toContain('host-port-reserved');
  });

  it('render alike when one thread runs them one after the other, sharing what their subcharts have in common', () => {
    // Charts packaging the same subchart, as charts package bitnami's common or redis: its helper
    // and values.yaml are read once, and each chart's findings stand on its own copy, also in a
    // chart that packages it twice under two names.
    const chart = (name: string, subcharts = ['agent']) => [
      { uri: `${name}/Chart.yaml`, text: `apiVersion: v2\nname: ${name}\nversion: 1.0.0\n` },
      ...subcharts.flatMap((sub) => [
        { uri: `${name}/charts/${sub}/Chart.yaml`, text: `apiVersion: v2\nname: ${sub}\nversion: 1.0.0\n` },
        { uri: `${name}/charts/${sub}/values.yaml`, text: 'hostPort: 10250\n' },
        { uri: `${name}/charts/${sub}/templates/_lib.tpl`, text: '{{ define "agent.port" }}{{ .Values.hostPort }}{{ end }}' },
        { uri: `${name}/charts/${sub}/templates/pod.yaml`, text: hostPortPod(9100).replace('{{ .Values.hostPort }}', '{{ include "agent.port" . }}') },
      ]),
    ];
    const files = [...chart('one'), ...chart('two'), ...chart('three', ['agent', 'agent2'])];
    const check = new WorkspaceCheck(files);
    const jobs = check.chartJobs();
    const library = new ParseLibrary();
    const shared = jobs.map((job) => runChartJob(job, library));
    expect(shared).toEqual(jobs.map((job) => runChartJob(job)));
    check.adoptRenders(shared);
    const found = ['one/charts/agent', 'three/charts/agent', 'three/charts/agent2', 'two/charts/agent'].flatMap((sub) => [`${sub}/templates/pod.yaml host-port-reserved`, `${sub}/values.yaml host-port-reserved`]);
    expect(check.result().diagnostics.map((d) => `${d.uri} ${d.rule}`)).toEqual(found);
  });

  it('send back places, not the template nodes they were found at', () => {
    // A parse node is its own span (start and end on the node): a span that left the render as
    // the node would carry its whole subtree across the thread boundary, and into the output.
    const result = runChartJob(new WorkspaceCheck(readWorkspace(EXAMPLES)).chartJobs().find((job) => job.root === 'web-chart')!);
    const spans: object[] = [];
    const walk = (value: unknown): void => {
      if (value === null || typeof value !== 'object') return;
      if ('start' in value && 'end' in value && typeof value.start === 'number') spans.push(value);
      for (const item of value instanceof Map ? value.values() : Object.values(value)) walk(item);
    };
    walk(result.models);
    expect(spans.length).toBeGreaterThan(50);
    expect(new Set(spans.map((span) => Object.keys(span).sort().join(',')))).toEqual(new Set(['end,start']));
  });

  it('are refused when a file of the chart changed since the job was taken', () => {
    const workspace = new PortolanWorkspace();
    workspace.update({ uri: 'agent/Chart.yaml', text: 'apiVersion: v2\nname: agent\nversion: 1.0.0\n' });
    workspace.update({ uri: 'agent/values.yaml', text: 'hostPort: 9100\n' });
    workspace.update({ uri: 'agent/templates/pod.yaml', text: hostPortPod(9100) });
    const results = runElsewhere(workspace.chartJobs());
    workspace.update({ uri: 'agent/values.yaml', text: 'hostPort: 10250\n' });
    workspace.adoptRenders(results);
    expect([...workspace.allDiagnostics().values()].flat().map((d) => `${d.uri} ${d.rule}`)).toContain('agent/templates/pod.yaml host-port-reserved');
  });

  it('render a chart with no further profile once, keeping nothing for a later render', () => {
    const files = new Map([
      ['Chart.yaml', 'apiVersion: v2\nname: agent\nversion: 1.0.0\n'],
      ['values.yaml', 'hostPort: 10250\n'],
      ['templates/pod.yaml', hostPortPod(9100)],
    ]);
    const once = new RenderCache();
    const single = renderChartModels('agent', files, { values: {} }, once, { reused: false });
    expect(once.lastRender('agent')).toBeUndefined();
    const kept = new RenderCache();
    const reusable = renderChartModels('agent', files, { values: {} }, kept);
    expect(kept.lastRender('agent')?.reuse).toBeDefined();
    expect(single.models).toEqual(reusable.models);
  });
});

