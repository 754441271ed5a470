// `portolan check`: argv in, exit code out. 0 when nothing has severity error, 1 when something
// does, 2 when the check could not run. Any surprise ends as a one-line message, never a stack.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import packageJson from '../../../package.json';
import {
  BUILTIN_CATALOGS,
  CatalogValidator,
  WorkspaceCheck,
  describeCluster,
  duplicatePlatforms,
  explainCluster,
  formatCatalogProblem,
  parseCatalogText,
  ParseLibrary,
  reasonText,
  runChartJob,
  type ChartJob,
  type ChartJobResult,
  type Cluster,
  type ClusterLabels,
  type LoadedCatalog,
  type SourceFile,
} from '../service/index';
import { parseCommandLine, USAGE, type CheckCommand } from './args';
import { collectFiles, FileError, findClusterFile } from './files';
import { formatJson } from './format/json';
import { rangeResolver } from './format/positions';
import { formatSarif } from './format/sarif';
import { formatText } from './format/text';
import { ResultCache } from './resultCache';
import { defaultThreads, isRenderWorker, renderOnWorkers, serveRenders } from './workers';

interface Io {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/**
 * What this process did, for the launcher (launch/cli.ts): once a check has run, the code cache it
 * writes holds the code a check runs, not only what `--version` compiled.
 */
export const session = { checked: false };

/**
 * What the workers run: the launcher that started this process (dist/cli.js), so that they load
 * this bundle as it was loaded here, with the code cache; this bundle when it was started itself.
 */
const WORKER_SCRIPT = require.main?.filename ?? __filename;

async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    const command = parseCommandLine(argv);
    switch (command.kind) {
      case 'help':
        io.stdout(USAGE);
        return 0;
      case 'version':
        io.stdout(`${packageJson.version}\n`);
        return 0;
      case 'usage-error':
        io.stderr(`portolan: ${command.message}\n`);
        return 2;
      case 'check': {
        const code = await check(command, io);
        session.checked = true;
        return code;
      }
    }
  } catch (error) {
    io.stderr(`portolan: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

async function check(command: CheckCommand, io: Io): Promise<number> {
  const userCatalogs = loadCatalogs(command.catalogs, io);
  if (userCatalogs === undefined) return 2;
  let collected;
  let valueFiles;
  let clusterFile: SourceFile | undefined;
  try {
    collected = collectFiles(command.paths, io.cwd, command.exclude);
    valueFiles = collectFiles(command.valueFiles, io.cwd).files;
    clusterFile = findClusterFile(command.clusterFile, command.paths, io.cwd);
  } catch (error) {
    if (!(error instanceof FileError)) throw error;
    io.stderr(`portolan: ${error.message}\n`);
    return 2;
  }
  for (const warning of collected.warnings) io.stderr(`portolan: ${warning}\n`);
  // The cluster file is no manifest, whether or not the walk found it.
  const manifests = collected.files.filter((f) => f.uri !== clusterFile?.uri);
  if (manifests.length === 0) io.stderr(`portolan: warning: no *.yaml or *.yml files under ${command.paths.join(', ')}\n`);

  // Values files are read with the manifests (a finding they cause lands on them too).
  const files = [...manifests, ...valueFiles.filter((v) => !manifests.some((f) => f.uri === v.uri))];
  const settings = { ...command.settings, helm: { ...command.settings.helm, valueFiles: valueFiles.map((v) => v.uri) } };
  const run = new WorkspaceCheck(files, { settings, userCatalogs, ...(clusterFile ? { clusterFile } : {}) });
  // The jobs go to the workers first; the files outside the charts are modelled while they render,
  // and each render is taken in as it comes back.
  const rendering = renderCharts(run.chartJobs(), command, io, (result) => run.adoptRenders([result]));
  run.modelPlainFiles();
  // The rest: those a cache held (--cache), which no worker sent; the ones taken already are passed over.
  run.adoptRenders(await rendering);
  const { diagnostics, cluster } = run.result();
  const resolve = rangeResolver(clusterFile ? [...files, clusterFile] : files);
  const labels: ClusterLabels = { platforms: '--platform', settings: 'settings', path: (uri) => uri, ...(clusterFile ? { file: clusterFile.uri } : {}) };
  if (command.explainCluster) {
    const problems = diagnostics.filter((d) => d.uri === clusterFile?.uri);
    io.stdout(command.format === 'json' ? `${JSON.stringify({ version: 1, cluster: clusterJson(cluster, labels) }, null, 2)}\n` : `${explanation(cluster, labels, clusterFile, problems.length === 0 ? '' : formatText(problems, 1, resolve).split('\n').slice(0, -2).join('\n'))}`);
    return 0;
  }
  const described = `Cluster: ${describeCluster(cluster, labels)}`;
  switch (command.format) {
    case 'text':
      io.stdout(`${described}\n${formatText(diagnostics, files.length, resolve)}`);
      break;
    case 'json':
      io.stdout(formatJson(diagnostics, files.length, resolve, clusterJson(cluster, labels)));
      break;
    case 'sarif':
      io.stdout(formatSarif(diagnostics, packageJson.version, resolve, described));
      break;
  }
  return diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}

/**
 * The charts' renders: on worker threads, or, with a cache (--cache), taken from it where the
 * chart, its profiles and the checker are unchanged, the rest rendered and kept. Without a cache
 * a chart that no worker rendered renders later, on this thread (WorkspaceCheck.result); with one
 * it renders here, so that it is kept too. `onRendered` sees each worker's result as it comes.
 */
async function renderCharts(jobs: ChartJob[], command: CheckCommand, io: Io, onRendered: (result: ChartJobResult) => void): Promise<ChartJobResult[]> {
  const opened = command.cacheLocation === undefined ? undefined : ResultCache.open(command.cacheLocation, io.cwd, __filename);
  if (opened && 'warning' in opened) io.stderr(`portolan: warning: ${opened.warning}\n`);
  if (opened === undefined || 'warning' in opened) return renderOnWorkers(jobs, command.threads ?? defaultThreads(jobs), WORKER_SCRIPT, onRendered);
  const { cache } = opened;
  const results: ChartJobResult[] = [];
  const missing = new Map<string, ChartJob>();
  for (const job of jobs) {
    const kept = cache.take(job);
    if (kept) results.push(kept);
    else missing.set(job.root, job);
  }
  const keep = (result: ChartJobResult) => {
    cache.keep(missing.get(result.root)!, result);
    results.push(result);
    missing.delete(result.root);
  };
  await renderOnWorkers([...missing.values()], command.threads ?? defaultThreads([...missing.values()]), WORKER_SCRIPT, (result) => {
    keep(result);
    onRendered(result);
  });
  const library = new ParseLibrary();
  for (const job of [...missing.values()]) {
    let result: ChartJobResult;
    try {
      result = runChartJob(job, library);
    } catch {
      // As a job a worker failed on without a cache: WorkspaceCheck.result renders it.
      continue;
    }
    keep(result);
  }
  const warning = cache.save();
  if (warning) io.stderr(`portolan: warning: ${warning}\n`);
  return results;
}

/** `--explain-cluster`: the cluster, each catalog and why it applies, where it is described, and the cluster file's mistakes. */
function explanation(cluster: Cluster, labels: ClusterLabels, clusterFile: SourceFile | undefined, problems: string): string {
  const lines = [`Cluster: ${describeCluster(cluster, labels)}`, '', ...explainCluster(cluster, labels), ''];
  lines.push(clusterFile ? `Described by ${clusterFile.uri}.` : 'No cluster file (.portolan.json, .portolan.yaml or .portolan.yml in the folder checked or above it, up to the current folder; or --cluster FILE): upstream Kubernetes core, plus what the files checked show.');
  if (problems !== '') lines.push('', problems);
  return `${lines.join('\n')}\n`;
}

/** The cluster in the JSON report: each component with why it applies. */
function clusterJson(cluster: Cluster, labels: ClusterLabels) {
  return {
    description: describeCluster(cluster, labels),
    components: cluster.components.map((c) => ({ platform: c.platform, title: c.title, kind: c.kind ?? null, version: c.version ?? null, reasons: c.reasons.map((r) => reasonText(r, labels)) })),
  };
}

/** Reads and validates every user catalog; reports each problem and returns undefined when any is bad. */
function loadCatalogs(fileNames: readonly string[], io: Io): LoadedCatalog[] | undefined {
  if (fileNames.length === 0) return [];
  const validator = new CatalogValidator();
  const catalogs: LoadedCatalog[] = [];
  let ok = true;
  for (const fileName of fileNames) {
    let text: string;
    try {
      text = readFileSync(path.resolve(io.cwd, fileName), 'utf8');
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error);
      io.stderr(`portolan: cannot read catalog ${fileName}: ${reason}\n`);
      ok = false;
      continue;
    }
    const result = parseCatalogText(text, fileName, validator);
    for (const problem of result.problems) io.stderr(`portolan: ${formatCatalogProblem(problem)}\n`);
    if (result.catalog) catalogs.push(result.catalog);
    else ok = false;
  }
  for (const { message } of duplicatePlatforms(BUILTIN_CATALOGS, catalogs)) {
    io.stderr(`portolan: ${message}\n`);
    ok = false;
  }
  return ok ? catalogs : undefined;
}

function runCommandLine(): void {
  // A reader that stops early (`| head`) closes the pipe: end quietly, never with a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode);
    process.stderr.write(`portolan: cannot write the output: ${error.message}\n`);
    process.exit(2);
  });
  // exitCode, not exit(): a piped stdout gets all of its output before the process ends.
  void main(process.argv.slice(2), {
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  }).then((code) => {
    process.exitCode = code;
  });
}

// The worker threads run this bundle too (workers.ts), through the same launcher.
if (isRenderWorker()) serveRenders();
else runCommandLine();
