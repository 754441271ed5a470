// The command line in words: what each option becomes, and which mistakes are usage errors.

import { describe, expect, it } from 'vitest';
import { parseCommandLine, type CheckCommand } from '../../server/src/cli/args';
import { BUILTIN_PLATFORMS, DEFAULT_NODE_PORT_RANGE } from '../../server/src/service/index';

function check(...argv: string[]): CheckCommand {
  const command = parseCommandLine(argv);
  if (command.kind !== 'check') throw new Error(`expected a check command, got ${JSON.stringify(command)}`);
  return command;
}

function usageError(...argv: string[]): string {
  const command = parseCommandLine(argv);
  if (command.kind !== 'usage-error') throw new Error(`expected a usage error, got ${JSON.stringify(command)}`);
  return command.message;
}

describe('parseCommandLine', () => {
  it('checks the current folder with every platform and text output by default', () => {
    const command = check('check');
    expect(command.paths).toEqual(['.']);
    expect(command.format).toBe('text');
    expect(command.catalogs).toEqual([]);
    expect(command.settings.platforms).toEqual([...BUILTIN_PLATFORMS]);
    expect(command.settings.nodePortRange).toEqual(DEFAULT_NODE_PORT_RANGE);
    expect(command.settings.kgatewayPortMapping).toBe('current');
    expect(command.settings.rules).toEqual({});
  });

  it('reads every option', () => {
    const command = check(
      'check', 'apps', 'charts/web',
      '--format', 'sarif',
      '--platform', 'konvoy', '--platform=kgateway',
      '--catalog', 'mine.json', '--catalog', 'theirs.json',
      '--node-port-range', '20000-22767',
      '--kgateway-port-mapping', 'v2.0',
      '--rule', 'host-port-in-node-port-range=error', '--rule', 'target-port-unresolved=off',
      '--values', 'prod.yaml', '-f', 'ci.yaml', '--set', 'hostNetwork=true,port=10250',
      '--exclude', 'vendor/**', '--exclude=**/*.generated.yaml',
      '--cluster', 'clusters/prod.yaml', '--explain-cluster',
      '--jobs', '3',
      '--cache-location', '.cache/portolan/',
    );
    expect(command).toEqual({
      kind: 'check',
      paths: ['apps', 'charts/web'],
      format: 'sarif',
      catalogs: ['mine.json', 'theirs.json'],
      valueFiles: ['prod.yaml', 'ci.yaml'],
      exclude: ['**/node_modules/**', '**/.git/**', 'vendor/**', '**/*.generated.yaml'],
      clusterFile: 'clusters/prod.yaml',
      explainCluster: true,
      threads: 3,
      cacheLocation: '.cache/portolan/',
      settings: {
        platforms: ['konvoy', 'kgateway'],
        cluster: {},
        nodePortRange: { from: 20000, to: 22767 },
        kgatewayPortMapping: 'v2.0',
        rules: { 'host-port-in-node-port-range': 'error', 'target-port-unresolved': 'off' },
        helm: { valueFiles: [], set: ['hostNetwork=true,port=10250'] },
        maxFileBytes: 5 * 1024 * 1024,
      },
    });
  });

  it('keeps no cache unless asked; --cache keeps .portolancache in the current folder', () => {
    expect(check('check').cacheLocation).toBeUndefined();
    expect(check('check', '--cache').cacheLocation).toBe('.portolancache');
    expect(check('check', '--cache', '--cache-location', 'ci/cache').cacheLocation).toBe('ci/cache');
    expect(usageError('check', '--cache-location=')).toContain('--cache-location');
  });

  it('answers --help, -h and --version', () => {
    expect(parseCommandLine(['--help']).kind).toBe('help');
    expect(parseCommandLine(['check', '-h']).kind).toBe('help');
    expect(parseCommandLine(['--version']).kind).toBe('version');
  });

  it('names the known platforms when one is unknown', () => {
    const message = usageError('check', '--platform', 'tanzu');
    expect(message).toContain('tanzu');
    for (const platform of BUILTIN_PLATFORMS) expect(message).toContain(platform);
    expect(message).toContain('openshift');
  });

  it('selects any built-in catalog, with a version where ports changed between versions', () => {
    const command = parseCommandLine(['check', '--platform', 'openshift', '--platform', 'kgateway@2.0.2', '.']);
    expect(command.kind === 'check' && command.settings.platforms).toEqual(['openshift', 'kgateway@2.0.2']);
    expect(usageError('check', '--platform', 'tanzu@1.0')).toContain('unknown platform "tanzu@1.0"');
  });

  it('turns every other mistake into a usage error, never a throw', () => {
    expect(usageError('check', '--colour')).toContain('--colour');
    expect(usageError('check', '--format')).toContain('--format');
    expect(usageError('check', '--format', 'xml')).toContain('xml');
    expect(usageError('check', '--node-port-range', '32767-30000')).toContain('32767-30000');
    expect(usageError('check', '--kgateway-port-mapping', 'v1')).toContain('v1');
    expect(usageError('check', '--rule', 'no-such-rule=error')).toContain('no-such-rule');
    expect(usageError('check', '--rule', 'parse-error=loud')).toContain('loud');
    expect(usageError('check', '--jobs', '0')).toContain('--jobs: "0"');
    expect(usageError('check', '--jobs', 'all')).toContain('--jobs: "all"');
    expect(usageError('lint')).toContain('lint');
    expect(usageError()).toContain('check');
  });
});
