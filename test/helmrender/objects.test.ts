// The built-in objects as helm v4.1.4 hands them to templates: their Go types, how they print,
// .Capabilities' methods, .Template. The expected text is helm's NOTES.txt output for the same
// chart (`helm install p <chart> --dry-run=client`), trailing newline aside.

import { describe, expect, it } from 'vitest';
import { loadChart, renderChart } from '../../server/src/service/helmrender/index';

const NOTES = `T={{ printf "%T" .Chart }} C={{ .Chart }}
R={{ printf "%T" .Release }} {{ .Release }} rev={{ printf "%T" .Release.Revision }}
Cap={{ printf "%T" .Capabilities }} KV={{ .Capabilities.KubeVersion }} {{ .Capabilities.KubeVersion.Version }} {{ .Capabilities.KubeVersion.Major }} {{ .Capabilities.KubeVersion.Minor }} GV={{ .Capabilities.KubeVersion.GitVersion }}
HV={{ .Capabilities.HelmVersion }} {{ printf "%T" .Capabilities.HelmVersion }}
Has={{ .Capabilities.APIVersions.Has "apps/v1" }} {{ .Capabilities.APIVersions.Has "apps/v1/Deployment" }} {{ printf "%T" .Capabilities.APIVersions }} {{ len .Capabilities.APIVersions }}
Tpl={{ .Template }} {{ printf "%T" .Template }}
Sub={{ .Subcharts }} {{ printf "%T" .Subcharts }} Files={{ printf "%T" .Files }} Values={{ printf "%T" .Values }}
Top={{ printf "%T" . }} keys={{ keys . | sortAlpha }}
`;

const HELM = `T=map[string]interface {} C=map[APIVersion:v2 Annotations:map[] AppVersion:1.2 Condition: Dependencies:[] Deprecated:false Description: Home: Icon: IsRoot:true Keywords:[] KubeVersion: Maintainers:[] Name:probe Sources:[] Tags: Type: Version:0.1.0]
R=map[string]interface {} map[IsInstall:true IsUpgrade:false Name:p Namespace:default Revision:1 Service:Helm] rev=int
Cap=*common.Capabilities KV=v1.35.0 v1.35.0 1 35 GV=v1.35.0
HV={v4.1.4 05fa37973dc9e42b76e1d2883494c87174b6074f clean go1.25.9 v1.35} version.BuildInfo
Has=true false common.VersionSet 57
Tpl=map[BasePath:probe/templates Name:probe/templates/NOTES.txt] common.Values
Sub=map[] map[string]interface {} Files=engine.files Values=common.Values
Top=common.Values keys=[Capabilities Chart Files Release Subcharts Template Values]
`;

describe('built-in objects', () => {
  it("have helm's types, fields and printing", () => {
    const chart = loadChart(new Map([['Chart.yaml', 'apiVersion: v2\nname: probe\nversion: 0.1.0\nappVersion: "1.2"\n'], ['values.yaml', 'a: 1\n'], ['templates/NOTES.txt', NOTES]]));
    const notes = renderChart(chart, { release: { name: 'p', namespace: 'default' } }).templates[0]!;
    expect(notes.error).toBeUndefined();
    expect(notes.output.trimEnd()).toBe(HELM.trimEnd());
  });
});
