// What the suites against helm (helmrender-oracle.test.ts, helm-findings-oracle.test.ts) need of
// helm and of the corpus: the charts of ../shared/realworld and their profiles, helm's output for
// each, run once per render and cached in the system's temp folder (keyed by helm's version, the
// values file and the chart's files), whichever suite comes first, and that output split into the
// manifests of each template.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { sharedPath } from '../support/shared';

export const REALWORLD = sharedPath('realworld');

/** The release both renderers are given: the render suite's, whose helm outputs are cached. */
export const RELEASE = { name: 'rel', namespace: 'ns' };

export function listFiles(dir: string, root = dir, out = new Map<string, Uint8Array>()): Map<string, Uint8Array> {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) listFiles(path, root, out);
    else out.set(relative(root, path), readFileSync(path));
  }
  return out;
}

/** Chart folders that are not subcharts of another chart. */
export function topCharts(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (!statSync(path).isDirectory()) continue;
    if (existsSync(join(path, 'Chart.yaml')) && !isSubchart(path)) out.push(path);
    topCharts(path, out);
  }
  return out;
}

function isSubchart(path: string): boolean {
  const parent = dirname(path);
  return parent.endsWith('/charts') && existsSync(join(dirname(parent), 'Chart.yaml'));
}

/** One render: a chart with its defaults, or with one of its ci/*.yaml files. */
export interface Profile {
  id: string;
  dir: string;
  files: Map<string, Uint8Array>;
  valuesFile: string | undefined;
}

export function profiles(): Profile[] {
  const out: Profile[] = [];
  for (const dir of topCharts(REALWORLD)) {
    const files = listFiles(dir);
    const ci = [...files.keys()].filter((p) => /^ci\/[^/]+\.yaml$/.test(p)).sort();
    for (const valuesFile of [undefined, ...ci]) out.push({ id: relative(REALWORLD, dir) + (valuesFile ? ` with ${valuesFile}` : ''), dir, files, valuesFile });
  }
  return out;
}

export interface Helm {
  binary: string;
  version: string;
}

export function findHelm(): Helm {
  const binary = execFileSync('bash', [join(sharedPath('tools'), 'helm-oracle.sh')], { encoding: 'utf8' }).trim();
  return { binary, version: execFileSync(binary, ['version', '--short'], { encoding: 'utf8' }).trim() };
}

export type HelmRun = ({ ok: true; output: string } | { ok: false; error: string }) & { day: string };

function runHelm(helm: string, dir: string, valuesFile: string | undefined): HelmRun {
  const day = new Date().toISOString().slice(0, 10);
  try {
    const args = ['template', RELEASE.name, dir, '--namespace', RELEASE.namespace, '--include-crds', ...(valuesFile ? ['-f', join(dir, valuesFile)] : [])];
    const output = execFileSync(helm, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
    return { ok: true, output, day };
  } catch (e) {
    return { ok: false, error: String((e as { stderr?: string }).stderr ?? e), day };
  }
}

/**
 * helm's renderings of one profile, two runs (fields that differ between them come from random
 * and time functions), cached; the file is written whole (renamed into place), so a suite
 * reading it at the same time never sees half.
 */
export function helmRuns(helm: Helm, p: Pick<Profile, 'dir' | 'files' | 'valuesFile'>): [HelmRun, HelmRun] {
  const hash = createHash('sha256').update(helm.version).update(p.valuesFile ?? '');
  for (const [path, data] of p.files) hash.update(path).update('\0').update(data).update('\0');
  const cache = join(tmpdir(), 'portolan-helmrender-oracle');
  mkdirSync(cache, { recursive: true });
  const file = join(cache, `${hash.digest('hex').slice(0, 32)}.json`);
  if (existsSync(file)) {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as [HelmRun, HelmRun];
    } catch {
      // Unreadable (a run stopped while an older version wrote in place): run helm again.
    }
  }
  const runs: [HelmRun, HelmRun] = [runHelm(helm.binary, p.dir, p.valuesFile), runHelm(helm.binary, p.dir, p.valuesFile)];
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, JSON.stringify(runs));
  renameSync(partial, file);
  return runs;
}

/** helm's rendering of one profile: the first of its two cached runs. */
export function helmRender(helm: Helm, p: Profile): HelmRun {
  return helmRuns(helm, p)[0];
}

/** helm's output split by `# Source:`: each manifest's text with its template (`<chart>/templates/x.yaml`). */
export function helmManifests(output: string): { source: string; text: string }[] {
  const out: { source: string; text: string }[] = [];
  for (const chunk of output.split(/^---\n(?=# Source: )/m)) {
    const m = /^# Source: (.*)\n/.exec(chunk);
    if (m) out.push({ source: m[1]!, text: chunk.slice(m[0].length) });
  }
  return out;
}
