// Charts rendered away from the workspace (the checker's worker threads): the jobs carry what a
// render reads, the workspace takes the models back, and a result of files since edited is
// refused.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkWorkspace, ParseLibrary, runChartJob, WorkspaceCheck, type ChartJob, type ChartJobResult } from '../server/src/service/index';
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

  it('render alike when one thread runs them one after the other, sharing its template parses', () => {
    // Two charts packaging the same helper text under their own names, as charts package bitnami's common.
    const helper = '{{ define "lib.port" }}{{ .Values.hostPort }}{{ end }}';
    const chart = (name: string, port: number) => [
      { uri: `${name}/Chart.yaml`, text: `apiVersion: v2\nname: ${name}\nversion: 1.0.0\n` },
      { uri: `${name}/values.yaml`, text: `hostPort: ${port}\n` },
      { uri: `${name}/templates/_lib.tpl`, text: helper },
      { uri: `${name}/templates/pod.yaml`, text: hostPortPod(9100).replace('{{ .Values.hostPort }}', '{{ include "lib.port" . }}') },
    ];
    const files = [...chart('one', 10250), ...chart('two', 9100)];
    const check = new WorkspaceCheck(files);
    const jobs = check.chartJobs();
    const library = new ParseLibrary();
    const shared = jobs.map((job) => runChartJob(job, library));
    expect(shared).toEqual(jobs.map((job) => runChartJob(job)));
    check.adoptRenders(shared);
    expect(check.result().diagnostics.map((d) => `${d.uri} ${d.rule}`)).toEqual(['one/templates/pod.yaml host-port-reserved', 'one/values.yaml host-port-reserved']);
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
});
