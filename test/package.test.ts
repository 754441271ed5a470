// The .vsix as users get it: exactly the bundles (the client, the server and its launcher), the
// catalog, the manifest, README, LICENSE, CHANGELOG and the icon; small; and a manifest whose
// settings match what the server reads.

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { RULE_IDS, RULES } from '../server/src/service/index';
import { TestClient } from './lsp/client';
import { readZip } from './support/zip';

const ROOT = join(__dirname, '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
let vsix: string;

beforeAll(() => {
  vsix = join(mkdtempSync(join(tmpdir(), 'portolan-vsix-')), 'portolan.vsix');
  execFileSync('npx', ['vsce', 'package', '--no-dependencies', '--allow-missing-repository', '-o', vsix], { cwd: ROOT, stdio: 'pipe' });
}, 120_000);

describe('the packaged extension', () => {
  it('holds only what it needs', () => {
    expect(readZip(vsix).map((entry) => entry.name)).toEqual(
      [
        '[Content_Types].xml',
        'extension.vsixmanifest',
        'extension/LICENSE.txt',
        // Every catalog of the repository, and its schema.
        ...readdirSync(join(__dirname, '..', 'catalog')).map((name) => `extension/catalog/${name}`),
        'extension/changelog.md',
        'extension/dist/extension.js',
        'extension/dist/languageServer.js',
        'extension/dist/server.js',
        'extension/images/icon.png',
        'extension/package.json',
        'extension/readme.md',
      ].sort(),
    );
  });

  it('is small', () => {
    const size = statSync(vsix).size;
    console.log(`portolan.vsix: ${(size / 1024).toFixed(0)} KiB`);
    expect(size).toBeLessThan(2 * 1024 * 1024);
  });

  it('admits VS Code 1.100 and works in restricted mode, where the workspace cannot name catalogs', () => {
    expect(manifest.engines.vscode).toBe('^1.100.0');
    expect(manifest.capabilities.untrustedWorkspaces.supported).toBe('limited');
    expect(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations).toEqual(['portolan.catalogs']);
    expect(manifest.main).toBe('./dist/extension.js');
  });

  it('declares a severity setting for every rule, and only the settings the server reads', () => {
    const properties = manifest.contributes.configuration.properties;
    expect(Object.keys(properties['portolan.rules'].properties).sort()).toEqual([...RULE_IDS].sort());
    const read = ['platforms', 'cluster', 'catalogs', 'nodePortRange', 'kgatewayPortMapping', 'rules', 'exclude', 'helm.valuesFiles', 'helm.set', 'maxFileSizeMB', 'trace.server'];
    expect(Object.keys(properties).map((key) => key.replace(/^portolan\./, '')).sort()).toEqual(read.sort());
    for (const id of RULE_IDS) expect(properties['portolan.rules'].properties[id].description, id).toContain(`Default: ${RULES[id].defaultSeverity}.`);
  });

  it('documents every rule in the README with its default severity and why', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const id of RULE_IDS) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${id}\` |`));
      expect(row, id).toBeDefined();
      const cells = row!.split(' | ');
      expect(cells[1], id).toBe(RULES[id].defaultSeverity);
      expect(cells[3]?.length ?? 0, `${id}: why this severity`).toBeGreaterThan(10);
    }
  });

  it('links each diagnostic to its rule in the README it ships, once unpacked', async () => {
    const unpacked = mkdtempSync(join(tmpdir(), 'portolan-unpacked-'));
    for (const entry of readZip(vsix)) {
      mkdirSync(dirname(join(unpacked, entry.name)), { recursive: true });
      writeFileSync(join(unpacked, entry.name), entry.data());
    }
    const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: NodePort\n  ports:\n    - port: 80\n      nodePort: 8080\n';
    const client = await TestClient.start({ 'web.yaml': service }, {}, { server: join(unpacked, 'extension', 'dist', 'server.js') });
    try {
      await client.indexed();
      await client.waitForRules('web.yaml', ['node-port-out-of-range']);
      const href = client.diagnostics.get(client.uri('web.yaml'))![0]!.codeDescription?.href;
      expect(href).toMatch(/^file:.*#rules$/);
      const readme = readFileSync(fileURLToPath(href!.replace(/#.*$/, '')), 'utf8');
      expect(readme).toContain('`node-port-out-of-range`');
    } finally {
      await client.shutdown();
    }
  });
});
