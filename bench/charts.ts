// The checker on the real corpus (../shared/realworld), beside what a user would run instead:
//   (a) `portolan check <chart>` against `helm template <chart>` on the five largest charts, whole
//       processes each (node's start and the bundle's load included; helm from
//       ../shared/tools/helm-oracle.sh); the checker also renders each chart's ci/*.yaml, which
//       helm template does not; for the largest, the check's first start too, without the code
//       cache a previous start kept (server/src/launch/codeCache.ts);
//   (b) the checker's files per second over the whole corpus (`portolan check .`, median of 3),
//       the CPU time of that check (Linux), the same check without the code cache, and with
//       --cache: the check that fills the cache, then one that finds the whole tree in it;
//   (c) a keystroke in a template and in values.yaml of the largest chart, through the real
//       server over stdio (didChange to the publishDiagnostics of that version), and the same
//       edits through PortolanWorkspace in this process (update, then allDiagnostics; ci/*.yaml profiles left for a pause, as the server leaves them).
// Figures only: nothing here fails on timing.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { collectFiles } from '../server/src/cli/files';
import { PortolanWorkspace } from '../server/src/service/index';
import { percentile, startServer, type Server } from './lsp';

export type Record = (figure: string, value: number, unit: string, target?: number) => void;

const CLI = (root: string) => join(root, 'dist', 'cli.js');

/** Chart roots under `folder` (a folder with a Chart.yaml that is not a subchart or a template's folder). */
function chartRoots(folder: string): string[] {
  const roots: string[] = [];
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    if (names.includes('Chart.yaml')) {
      roots.push(dir);
      return;
    }
    for (const name of names) {
      if (name.startsWith('.')) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
    }
  };
  walk(folder);
  return roots;
}

/** Bytes of every file under a folder (what both tools read of a chart). */
function folderBytes(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stats = statSync(path);
    total += stats.isDirectory() ? folderBytes(path) : stats.size;
  }
  return total;
}

/**
 * Node's switch for its compile cache, which turns the checker's code cache off too: a check as
 * the first start after an install or an upgrade runs it.
 */
const NO_CODE_CACHE = { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1' };

/** Wall time of a whole process, in ms (median of `runs`, after one run to warm the disk cache and the code cache). */
function processMs(command: string, args: string[], cwd: string, runs: number, env: NodeJS.ProcessEnv = process.env): number | undefined {
  const samples: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const started = performance.now();
    const result = spawnSync(command, args, { cwd, env, stdio: ['ignore', 'ignore', 'ignore'], maxBuffer: 1 << 30 });
    const elapsed = performance.now() - started;
    if (result.error) return undefined;
    if (i > 0) samples.push(elapsed);
  }
  return percentile(samples, 50);
}

/**
 * CPU time (user and system) of this process's children that have ended, in seconds: Linux's
 * /proc/self/stat (cutime, cstime, in USER_HZ ticks, 100 a second), which counts a spawnSync
 * child once it is waited for; undefined elsewhere.
 */
function childrenCpuSeconds(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // The fields after the command's name (in parentheses, which may hold spaces) start at the
    // third; cutime and cstime are the 16th and 17th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[13]) + Number(fields[14]);
    return Number.isFinite(ticks) ? ticks / 100 : undefined;
  } catch {
    return undefined;
  }
}

function helmBinary(shared: string): string | undefined {
  const script = join(shared, 'tools', 'helm-oracle.sh');
  if (!existsSync(script)) return undefined;
  try {
    return execFileSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

/** `keystrokes`: only the keystrokes in the largest chart. */
export async function corpusRows(root: string, record: Record, rows: 'all' | 'keystrokes' = 'all'): Promise<void> {
  const shared = join(root, '..', 'shared');
  const corpus = join(shared, 'realworld');
  if (!existsSync(corpus)) {
    console.log(`\n../shared/realworld is absent: the corpus rows (checker against helm template, files per second, keystrokes in a chart) are skipped`);
    return;
  }
  const helm = helmBinary(shared);
  const charts = chartRoots(corpus)
    .map((dir) => ({ dir, bytes: folderBytes(dir) }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 5);
  if (rows === 'keystrokes') {
    if (charts[0]) await chartKeystrokes(root, charts[0].dir, record);
    return;
  }

  console.log(`\nThe five largest charts of ../shared/realworld (bytes of the chart folder), whole processes, median of 3:`);
  if (!helm) console.log('  helm is not available (../shared/tools/helm-oracle.sh): the helm template column is skipped');
  for (const { dir, bytes } of charts) {
    const name = `${relative(corpus, dir)} (${(bytes / 1e6).toFixed(1)} MB)`;
    const ours = processMs('node', [CLI(root), 'check', dir, '--format', 'json'], corpus, 3);
    if (ours === undefined) continue;
    record(`${name}: portolan check`, ours, 'ms');
    if (dir === charts[0]?.dir) {
      const first = processMs('node', [CLI(root), 'check', dir, '--format', 'json'], corpus, 3, NO_CODE_CACHE);
      if (first !== undefined) record(`${name}: portolan check without the code cache (a first start)`, first, 'ms');
    }
    if (!helm) continue;
    const theirs = processMs(helm, ['template', dir], corpus, 3);
    if (theirs === undefined) continue;
    record(`${name}: helm template (what a user runs instead)`, theirs, 'ms');
    record(`${name}: portolan check / helm template`, ours / theirs, 'x', 1);
  }

  // Three rounds of: a check, a check that fills an empty cache (--cache), one that finds every
  // chart in it. The medians: this machine's load moves a single run by a third.
  console.log(`\nThe whole of ../shared/realworld, one process each, median of 3 rounds:`);
  const files = collectFiles(['.'], corpus).files.length;
  const cacheFolder = mkdtempSync(join(tmpdir(), 'portolan-bench-cache-'));
  const cacheFile = join(cacheFolder, 'cache');
  const plainCpu: number[] = [];
  const checkSeconds = (extra: string[] = [], env: NodeJS.ProcessEnv = process.env) => {
    const started = performance.now();
    const cpuBefore = childrenCpuSeconds();
    spawnSync('node', [CLI(root), 'check', '.', '--format', 'json', ...extra], { cwd: corpus, env, stdio: ['ignore', 'ignore', 'ignore'] });
    const cpuAfter = childrenCpuSeconds();
    if (extra.length === 0 && env === process.env && cpuBefore !== undefined && cpuAfter !== undefined) plainCpu.push(cpuAfter - cpuBefore);
    return (performance.now() - started) / 1000;
  };
  const plain: number[] = [];
  const firstStart: number[] = [];
  const filling: number[] = [];
  const cached: number[] = [];
  for (let round = 0; round < 3; round++) {
    plain.push(checkSeconds());
    firstStart.push(checkSeconds([], NO_CODE_CACHE));
    rmSync(cacheFile, { force: true });
    filling.push(checkSeconds(['--cache-location', cacheFile]));
    cached.push(checkSeconds(['--cache-location', cacheFile]));
  }
  rmSync(cacheFolder, { recursive: true, force: true });
  const seconds = percentile(plain, 50);
  const warm = percentile(cached, 50);
  record(`realworld (${files} files, ${chartRoots(corpus).length} charts): portolan check`, seconds, 's');
  record('realworld: files per second (target >= 1,000)', files / seconds, 'files/s');
  // The check keeps every core busy, so its wall time is about its CPU time over the cores: the
  // CPU time (every thread's: the workers, V8's compiler and collector threads) is what a change
  // must lower. A loaded machine raises both alike (a slower core takes more CPU time for the same work).
  if (plainCpu.length > 0) record(`realworld: portolan check, CPU time of all its threads (${availableParallelism()} cores)`, percentile(plainCpu, 50), 's');
  record('realworld: portolan check without the code cache (a first start)', percentile(firstStart, 50), 's');
  record('realworld: portolan check --cache, filling the cache', percentile(filling, 50), 's');
  record('realworld: portolan check --cache, every chart in the cache', warm, 's');
  record('realworld: files per second, every chart in the cache (not a first check)', files / warm, 'files/s');
  if (helm) {
    // What a user runs instead on the same charts: helm template of each, one after the other.
    const all = chartRoots(corpus);
    const helmStarted = performance.now();
    for (const dir of all) spawnSync(helm, ['template', dir], { cwd: corpus, stdio: ['ignore', 'ignore', 'ignore'] });
    const helmSeconds = (performance.now() - helmStarted) / 1000;
    record(`realworld: helm template of each of the ${all.length} charts (only the charts, no check)`, helmSeconds, 's');
    // The same machine's load weighs on both: a figure that moves less from run to run than either.
    record('realworld: portolan check / helm template of the charts', seconds / helmSeconds, 'x');
  }

  const largest = charts[0];
  if (largest) await chartKeystrokes(root, largest.dir, record);
}

/** A file of the chart to type in: its largest template that is a manifest (not a helper or NOTES). */
function templateToEdit(chart: string): string | undefined {
  const dir = join(chart, 'templates');
  const found: { path: string; size: number }[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      const stats = statSync(path);
      if (stats.isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(name) && !name.startsWith('_')) found.push({ path, size: stats.size });
    }
  };
  if (existsSync(dir)) walk(dir);
  // The largest one that has a containerPort: what a user edits when they edit ports.
  const withPorts = found.filter((f) => readFileSync(f.path, 'utf8').includes('containerPort'));
  return (withPorts.length > 0 ? withPorts : found).sort((a, b) => b.size - a.size)[0]?.path;
}

/**
 * The edit: a comment line at the end of the file whose last character cycles through digits,
 * one keystroke each; every edit is a new text, which the server renders the chart again for.
 */
function editable(path: string): { text: string; line: number; column: number } {
  const original = readFileSync(path, 'utf8');
  const text = `${original.endsWith('\n') ? original : `${original}\n`}# portolan bench 0\n`;
  const lines = text.split('\n');
  const line = lines.length - 2;
  return { text, line, column: lines[line]!.length - 1 };
}

async function chartKeystrokes(root: string, chart: string, record: Record): Promise<void> {
  const name = chart.split('/').pop()!;
  const edits = 50;
  const targets = [
    { label: 'template', path: templateToEdit(chart) },
    { label: 'values.yaml', path: join(chart, 'values.yaml') },
  ].filter((t): t is { label: string; path: string } => t.path !== undefined && existsSync(t.path));

  console.log(`\nKeystrokes in the largest chart (${name}), ${edits} edits each:`);
  let server: Server | undefined;
  try {
    const started = performance.now();
    ({ server } = await startServer(['node', join(root, 'dist', 'server.js'), '--stdio'], chart));
    let indexed = false;
    server.connection.onNotification('$/progress', (params: { value: { kind: string } }) => {
      if (params.value.kind === 'end') indexed = true;
    });
    while (!indexed && performance.now() - started < 120_000) await new Promise((resolve) => setTimeout(resolve, 20));
    record(`${name}: server indexed and checked the chart`, performance.now() - started, 'ms');
    for (const target of targets) {
      const latencies = await serverKeystrokes(server, target.path, edits);
      if (!latencies) {
        console.log(`${name}, ${target.label}: the server published no diagnostics for an edit within 30 s`);
        continue;
      }
      record(`${name}, ${target.label} (${relative(chart, target.path)}): server keystroke p50`, percentile(latencies, 50), 'ms');
      record(`${name}, ${target.label}: server keystroke p95`, percentile(latencies, 95), 'ms', 30);
    }
  } catch (error) {
    console.log(`${name}: the server could not be driven (${error instanceof Error ? error.message : String(error)})`);
  } finally {
    await server?.stop();
  }

  // The same edits in this process, through the service alone, with the chart's ci/*.yaml
  // profiles left for a pause in the typing as the server leaves them.
  const workspace = new PortolanWorkspace(undefined, undefined, { profiles: 'later' });
  const files = collectFiles(['.'], chart).files;
  for (const file of files) workspace.update(file);
  workspace.allDiagnostics();
  for (const target of targets) {
    const uri = relative(chart, target.path);
    const { text, line } = editable(target.path);
    const lines = text.split('\n');
    const latencies: number[] = [];
    for (let i = 0; i < edits; i++) {
      lines[line] = `# portolan bench ${(i + 1) % 10}`;
      const edited = lines.join('\n');
      const started = performance.now();
      workspace.update({ uri, text: edited });
      workspace.allDiagnostics();
      latencies.push(performance.now() - started);
    }
    record(`${name}, ${target.label}: PortolanWorkspace update + allDiagnostics p50`, percentile(latencies, 50), 'ms');
    record(`${name}, ${target.label}: PortolanWorkspace update + allDiagnostics p95`, percentile(latencies, 95), 'ms', 30);
  }
  // What a user runs instead after each edit: helm template of the chart (row above, in (a)).
}

/** `edits` keystrokes at the end of `path`, opened in the server; the latency of each, or undefined on a timeout. */
async function serverKeystrokes(server: Server, path: string, edits: number): Promise<number[] | undefined> {
  const uri = pathToFileURL(path).href;
  const { text, line, column } = editable(path);
  const languageId = path.includes('/templates/') ? 'helm' : 'yaml';
  const within = <T>(promise: Promise<T>) => Promise.race([promise, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 30_000))]);
  const opened = server.nextDiagnostics(uri);
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  if ((await within(opened.then(() => true))) === undefined) return undefined;
  const latencies: number[] = [];
  for (let i = 0; i < edits; i++) {
    const version = i + 2;
    const published = server.nextDiagnostics(uri, version);
    const started = performance.now();
    await server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line, character: column }, end: { line, character: column + 1 } }, text: String((i + 1) % 10) }],
    });
    if ((await within(published.then(() => true))) === undefined) return undefined;
    latencies.push(performance.now() - started);
  }
  await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  return latencies;
}
