// The .vsix as users get it: exactly the two bundles, the catalog, the manifest, README, LICENSE,
// CHANGELOG and the icon; small; and a manifest whose settings match what the server reads.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RULE_IDS } from '../server/src/service/index';

const ROOT = join(__dirname, '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
let vsix: string;

/** The names in a zip file, read from its central directory (no zip library needed). */
function zipEntries(file: string): string[] {
  const zip = readFileSync(file);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    names.push(zip.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names.sort();
}

beforeAll(() => {
  vsix = join(mkdtempSync(join(tmpdir(), 'portolan-vsix-')), 'portolan.vsix');
  execFileSync('npx', ['vsce', 'package', '--no-dependencies', '--allow-missing-repository', '-o', vsix], { cwd: ROOT, stdio: 'pipe' });
}, 120_000);

describe('the packaged extension', () => {
  it('holds only what it needs', () => {
    expect(zipEntries(vsix)).toEqual(
      [
        '[Content_Types].xml',
        'extension.vsixmanifest',
        'extension/LICENSE.txt',
        'extension/catalog/canonical-kubernetes.json',
        'extension/catalog/kgateway.json',
        'extension/catalog/konvoy.json',
        'extension/catalog/schema.json',
        'extension/changelog.md',
        'extension/dist/extension.js',
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

  it('admits VS Code 1.100 and works in untrusted workspaces', () => {
    expect(manifest.engines.vscode).toBe('^1.100.0');
    expect(manifest.capabilities.untrustedWorkspaces.supported).toBe(true);
    expect(manifest.main).toBe('./dist/extension.js');
  });

  it('declares a severity setting for every rule, and only the settings the server reads', () => {
    const properties = manifest.contributes.configuration.properties;
    expect(Object.keys(properties['portolan.rules'].properties).sort()).toEqual([...RULE_IDS].sort());
    const read = ['platforms', 'catalogs', 'nodePortRange', 'kgatewayPortMapping', 'rules', 'exclude', 'helm.valuesFiles', 'helm.set', 'maxFileSizeMB', 'trace.server'];
    expect(Object.keys(properties).map((key) => key.replace(/^portolan\./, '')).sort()).toEqual(read.sort());
  });
});
