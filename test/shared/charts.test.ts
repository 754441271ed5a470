// The corpus's charts rendered with their values: quiet with their defaults, as the corpus README
// says, and loud on the template and on the values key when values bind the kubelet's port.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_PLATFORMS, checkFiles, defaultSettings, type SourceFile } from '../../server/src/service/index';
import { sharedPath } from '../support/shared';
import { readWorkspace } from '../support/workspace';

const CORPUS = sharedPath('corpus');

function chart(name: string): SourceFile[] {
  return readWorkspace(join(CORPUS, name)).map((file) => ({ ...file, uri: `${name}/${file.uri}` }));
}

function check(files: SourceFile[], helm: { valueFiles?: string[]; set?: string[] } = {}) {
  const settings = { ...defaultSettings(BUILTIN_PLATFORMS), helm: { valueFiles: helm.valueFiles ?? [], set: helm.set ?? [] } };
  return checkFiles(files, { settings });
}

const loud = (d: { severity: string }) => d.severity === 'error' || d.severity === 'warning';

describe('corpus charts with their values', () => {
  it.each(['prometheus-node-exporter', 'kgateway', 'kgateway-proxy', 'cilium'])('%s is quiet with its default values', (name) => {
    expect(check(chart(name)).filter(loud).map((d) => `${d.uri}: ${d.rule}: ${d.message}`)).toEqual([]);
  });

  it('binds node-exporter on the host network with the port its values give', () => {
    // hostNetwork is true by default; a values file that moves the port onto the kubelet's.
    const override: SourceFile = { uri: 'prod-values.yaml', text: 'service:\n  port: 10250\n' };
    const found = check([...chart('prometheus-node-exporter'), override], { valueFiles: ['prod-values.yaml'] }).filter((d) => d.rule === 'host-port-reserved');
    const onTemplate = found.find((d) => d.uri === 'prometheus-node-exporter/templates/daemonset.yaml');
    expect(onTemplate?.message).toContain('host-network containerPort 10250/TCP');
    const onValues = found.find((d) => d.uri === 'prod-values.yaml');
    expect(onValues?.message).toMatch(/^service\.port = 10250, used by prometheus-node-exporter\/templates\/daemonset\.yaml/);
    expect(override.text.slice(onValues!.span.start, onValues!.span.end)).toBe('10250');
  });

  it('follows the Service type and nodePort that --set gives', () => {
    const files = chart('prometheus-node-exporter');
    expect(check(files).some((d) => d.rule === 'node-port-out-of-range')).toBe(false);
    const found = check(files, { set: ['service.type=NodePort,service.nodePort=8080'] });
    expect(found.filter((d) => d.rule === 'node-port-out-of-range').map((d) => d.message)).toEqual([
      'nodePort 8080 is outside the NodePort range 30000-32767: the API server rejects the Service',
    ]);
    // Inside the range: quiet.
    expect(check(files, { set: ['service.type=NodePort,service.nodePort=30100'] }).filter(loud)).toEqual([]);
  });

  it('puts the finding on the values.yaml key when the chart default causes it', () => {
    const files = chart('prometheus-node-exporter').map((file) =>
      file.uri.endsWith('/values.yaml') ? { ...file, text: file.text.replace(/^(  port:) 9100$/m, '$1 10250') } : file,
    );
    const values = files.find((f) => f.uri.endsWith('/values.yaml'))!;
    const onValues = check(files).filter((d) => d.uri === values.uri && d.rule === 'host-port-reserved');
    expect(onValues).toHaveLength(1);
    expect(values.text.slice(onValues[0]!.span.start, onValues[0]!.span.end)).toBe('10250');
  });
});
