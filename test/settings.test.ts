// Settings reach the rules: a rule set to off is silent, other severities replace the default,
// and the platform selection decides which built-in catalogs apply.

import { describe, expect, it } from 'vitest';
import { BUILTIN_PLATFORMS, checkFiles, defaultSettings, parsePortRange, parseRuleSeverity, settingsFromConfiguration, type SourceFile } from '../server/src/service/index';

const kubeletHostPort: SourceFile = {
  uri: 'agent.yaml',
  text: `apiVersion: v1
kind: Pod
metadata:
  name: agent
spec:
  containers:
    - name: agent
      image: example.com/agent:1.0
      ports:
        - containerPort: 2020
          hostPort: 10250
        - containerPort: 2021
          hostPort: 30100
`,
};

/** What the editor's settings may name in these tests (openshift, for one, not). */
const SELECTABLE = ['kubernetes', 'konvoy', 'kgateway'];

function rulesFound(settings = defaultSettings(BUILTIN_PLATFORMS)) {
  return checkFiles([kubeletHostPort], { settings }).map((d) => `${d.rule}:${d.severity}`);
}

describe('settings', () => {
  it('applies default severities', () => {
    expect(rulesFound()).toEqual(['host-port-reserved:error', 'host-port-in-node-port-range:warning']);
  });

  it('turns a rule off and changes another severity', () => {
    const settings = { ...defaultSettings(BUILTIN_PLATFORMS), rules: { 'host-port-reserved': 'off', 'host-port-in-node-port-range': 'hint' } as const };
    expect(rulesFound(settings)).toEqual(['host-port-in-node-port-range:hint']);
  });

  it('checks only the platforms selected, upstream Kubernetes core standing for the distribution when none is named', () => {
    // kgateway is an add-on: the distribution is still upstream Kubernetes, whose kubelet holds 10250.
    const kgateway = checkFiles([kubeletHostPort], { settings: defaultSettings(['kgateway']) });
    expect(kgateway.map((d) => `${d.rule}:${d.severity}`)).toEqual(['host-port-reserved:error', 'host-port-in-node-port-range:warning']);
    expect(kgateway[0]?.message).toContain('Kubernetes (kubeadm)');
    // Konvoy is a distribution: it takes upstream's place.
    const konvoyOnly = checkFiles([kubeletHostPort], { settings: defaultSettings(['konvoy']) });
    expect(konvoyOnly[0]?.message).toContain('D2iQ Konvoy');
    expect(konvoyOnly[0]?.message).not.toContain('Canonical');
    expect(konvoyOnly[0]?.message).not.toContain('Kubernetes (kubeadm)');
    // Nothing selected at all: no distribution's catalog, and no collision with the kubelet.
    const described = checkFiles([kubeletHostPort], { settings: { ...defaultSettings([]), cluster: { distribution: 'openshift' } } });
    expect(described[0]?.message).toContain('OpenShift');
  });

  it('parses ranges and rule severities, and says what is wrong with bad ones', () => {
    expect(parsePortRange('20000-22767')).toEqual({ from: 20000, to: 22767 });
    expect(parsePortRange('9-3')).toMatch(/FROM <= TO/);
    expect(parsePortRange('lots')).toMatch(/not a port range/);
    expect(parseRuleSeverity('node-port-conflict=warning')).toEqual(['node-port-conflict', 'warning']);
    expect(parseRuleSeverity('no-such-rule=error')).toMatch(/unknown rule/);
    expect(parseRuleSeverity('parse-error=loud')).toMatch(/unknown severity/);
  });
});

describe('settings from the editor', () => {
  it('reads every portolan.* key, and names every bad value while keeping the good ones', () => {
    const good = settingsFromConfiguration(
      {
        platforms: ['konvoy'],
        catalogs: ['ports.json'],
        nodePortRange: '20000-22767',
        kgatewayPortMapping: 'v2.0',
        rules: { 'node-port-conflict': 'warning' },
        exclude: ['vendor/**'],
        helm: { valuesFiles: ['values-prod.yaml'], set: ['port=80'] },
        maxFileSizeMB: 2,
        cluster: { distribution: 'rke2', cni: 'canal', addons: ['metallb', 'istio-ambient'], versions: { kgateway: '2.0.2' }, detect: false },
      },
      BUILTIN_PLATFORMS,
      SELECTABLE,
    );
    expect(good.problems).toEqual([]);
    expect(good.catalogs).toEqual(['ports.json']);
    expect(good.exclude).toEqual(['vendor/**']);
    expect(good.settings).toMatchObject({
      platforms: ['konvoy'],
      nodePortRange: { from: 20000, to: 22767 },
      kgatewayPortMapping: 'v2.0',
      rules: { 'node-port-conflict': 'warning' },
      helm: { valueFiles: ['values-prod.yaml'], set: ['port=80'] },
      maxFileBytes: 2 * 1024 * 1024,
      cluster: { distribution: 'rke2', cni: 'canal', addons: ['metallb', 'istio-ambient'], versions: { kgateway: '2.0.2' }, detect: false },
    });

    const bad = settingsFromConfiguration(
      { platforms: ['konvoy', 'openshift'], nodePortRange: 'wide', kgatewayPortMapping: 'v9', rules: { 'no-such': 'error' }, helm: { set: ['oops'] }, maxFileSizeMB: -1, exclude: 'x', cluster: { cni: 'calcio', addons: ['metallb', 'linkerd2'] } },
      BUILTIN_PLATFORMS,
      SELECTABLE,
    );
    expect(bad.settings.platforms).toEqual(['konvoy']);
    expect(bad.settings.cluster).toEqual({ addons: ['metallb'] });
    expect(bad.problems).toContain('portolan.cluster: cni "calcio" is not a known network plugin; did you mean "calico"? (known: calico, cilium, flannel, kube-router, aws-vpc-cni, canal)');
    expect(bad.problems.join('\n')).toContain('portolan.cluster: addons "linkerd2" is not a known add-on');
    expect(bad.settings.nodePortRange).toEqual({ from: 30000, to: 32767 });
    expect(bad.problems.join('\n')).toMatch(/openshift[\s\S]*nodePortRange[\s\S]*kgatewayPortMapping[\s\S]*unknown rule "no-such"[\s\S]*exclude must be a list/);
    expect(bad.problems.join('\n')).toContain('portolan.helm.set');
    expect(bad.problems.join('\n')).toContain('portolan.maxFileSizeMB');
  });

  it('takes nothing at all as the defaults', () => {
    expect(settingsFromConfiguration(undefined, BUILTIN_PLATFORMS)).toEqual({ settings: defaultSettings(BUILTIN_PLATFORMS), catalogs: [], exclude: ['**/node_modules/**', '**/.git/**'], problems: [] });
  });
});
