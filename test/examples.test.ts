// examples/ is documentation that checks itself: every rule fires there at least once, exactly
// on the lines marked with carets, and nowhere else.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFiles, RULE_IDS } from '../server/src/service/index';
import { loadFixture } from './support/fixture';

const EXAMPLES = join(__dirname, '..', 'examples');
const examples = loadFixture(EXAMPLES, EXAMPLES);

describe('examples/', () => {
  // examples/.portolan.json describes the cluster the examples are written for, as the checker reads it.
  const clusterFile = examples.files.find((f) => f.uri === '.portolan.json');
  const found = checkFiles(examples.files, clusterFile ? { clusterFile } : {});

  it('describes its cluster in a cluster file', () => {
    expect(clusterFile?.text).toContain('"cni": "calico"');
  });

  it('fires exactly where the carets say', () => {
    const key = (uri: string, rule: string, start: number) => `${uri}@${start} ${rule}`;
    expect(found.map((d) => key(d.uri, d.rule, d.span.start)).sort()).toEqual(examples.expected.map((e) => key(e.uri, e.rule, e.start)).sort());
  });

  // Every rule about ports; the two that refuse input (a file over 5 MB, an alias bomb) and the
  // cluster file's mistakes (examples/.portolan.json is the cluster the examples are written for)
  // are shown by their rule fixtures instead: examples/ is for reading.
  const shown = RULE_IDS.filter((id) => id !== 'file-too-large' && id !== 'yaml-too-complex' && id !== 'cluster-file-invalid');
  it.each(shown.map((id) => [id]))('shows %s', (id) => {
    expect(found.some((d) => d.rule === id)).toBe(true);
  });

  it('holds a Helm chart', () => {
    expect(examples.files.some((f) => f.uri.endsWith('/Chart.yaml'))).toBe(true);
  });
});

describe("the README's example of a chart", () => {
  it('shows what the checker prints for examples/metrics-chart', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    const shown = /\$ npx portolan check examples\/metrics-chart\n([\s\S]*?)\n```/.exec(readme)?.[1];
    const printed = spawnSync(process.execPath, ['dist/cli.js', 'check', 'examples/metrics-chart'], { cwd: join(__dirname, '..'), encoding: 'utf8' });
    expect(printed.status).toBe(1);
    expect(shown).toBe(printed.stdout.trimEnd());
  });
});
