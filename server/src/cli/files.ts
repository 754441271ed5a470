// From the paths on the command line to the files the service checks: walks folders for YAML,
// finds chart roots (folders with a Chart.yaml), whose every file is read (a chart's templates
// read its files, and its packaged subcharts are archives), and reads the text (the bytes too,
// of a file that is not UTF-8).

import { readFileSync, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { CLUSTER_FILE_NAMES, isExcluded, MANIFEST_NAME, MAX_FILE_BYTES, readsFile, walksFolder, type SourceFile } from '../service/index';

export interface CollectedFiles {
  files: SourceFile[];
  /** Files skipped on purpose (too big), one message each. */
  warnings: string[];
}

/** Thrown for a path that cannot be read; main prints its message and exits 2. */
export class FileError extends Error {}

/**
 * Reads every file the paths name, in a stable order. Each file's `uri` is its path relative to
 * `cwd` with '/' separators. `exclude` globs, matched against that relative path, leave out what
 * a folder's walk finds (the language server applies the same ones); a file named on its own is
 * always read.
 */
export function collectFiles(paths: readonly string[], cwd: string, exclude: readonly string[] = []): CollectedFiles {
  const walk: Walk = { cwd, exclude, found: new Map(), others: new Map(), chartRoots: new Set(), visited: new Set() };
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    const stats = statOrThrow(absolute, given);
    addAncestorCharts(absolute, walk.chartRoots);
    if (stats.isDirectory()) walkFolder(absolute, walk);
    else if (stats.isFile()) walk.found.set(absolute, stats);
    else throw new FileError(`cannot read ${given}: not a file or folder`);
  }

  // A chart renders whole: a template named on its own brings its chart's other files.
  for (const root of [...walk.chartRoots]) {
    if (!walk.visited.has(safeRealpath(root))) walkFolder(root, walk);
  }
  // The other files of the charts found, in the same stable order.
  const inChart = (absolute: string) => [...walk.chartRoots].some((root) => slashes(absolute).startsWith(`${root}/`));
  for (const [absolute, stats] of walk.others) if (inChart(absolute)) walk.found.set(absolute, stats);
  const ordered = [...walk.found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

  const files: SourceFile[] = [];
  const warnings: string[] = [];
  for (const [absolute, stats] of ordered) {
    const uri = relative(cwd, absolute);
    if (stats.size > MAX_FILE_BYTES) {
      warnings.push(`warning: skipping ${uri}: ${(stats.size / 1024 / 1024).toFixed(1)} MB is over the ${MAX_FILE_BYTES / 1024 / 1024} MB limit`);
      continue;
    }
    const { text, bytes } = readOrThrow(absolute, uri);
    const manifest = MANIFEST_NAME.test(path.basename(absolute));
    if (bytes && manifest) warnings.push(`warning: ${uri} is not valid UTF-8; its undecodable bytes read as \uFFFD`);
    files.push(bytes ? { uri, text, bytes } : { uri, text });
  }
  return { files, warnings };
}

interface Walk {
  cwd: string;
  exclude: readonly string[];
  /** Absolute path → stats, in the order found. */
  found: Map<string, Stats>;
  /** Files that are not manifests by name, read when they are in a chart. */
  others: Map<string, Stats>;
  /** Absolute folders with a Chart.yaml, '/'-separated. */
  chartRoots: Set<string>;
  /** Real paths of the folders walked, so that links never loop. */
  visited: Set<string>;
}

/** Collects the YAML files below `folder`, in name order; follows symbolic links. */
function walkFolder(folder: string, walk: Walk): void {
  let names: string[];
  try {
    const real = realpathSync(folder);
    if (walk.visited.has(real)) return;
    walk.visited.add(real);
    names = readdirSync(folder).sort();
  } catch (error) {
    throw new FileError(`cannot read ${relative(walk.cwd, folder)}: ${reason(error)}`);
  }
  for (const name of names) {
    const child = path.join(folder, name);
    let stats: Stats;
    try {
      stats = statSync(child);
    } catch (error) {
      // A dangling link is only a problem when it names a file we would check.
      if (readsFile(name, relative(walk.cwd, child), walk.exclude)) throw new FileError(`cannot read ${relative(walk.cwd, child)}: ${reason(error)}`);
      continue;
    }
    if (stats.isDirectory()) {
      if (walksFolder(name, relative(walk.cwd, child), walk.exclude)) walkFolder(child, walk);
    } else if (stats.isFile()) {
      if (name === 'Chart.yaml') walk.chartRoots.add(slashes(folder));
      if (readsFile(name, relative(walk.cwd, child), walk.exclude)) walk.found.set(child, stats);
      else if (!isExcluded(relative(walk.cwd, child), walk.exclude)) walk.others.set(child, stats);
    }
  }
}

/** A path inside a chart may be given on its own: look for Chart.yaml in every folder above it. */
function addAncestorCharts(absolute: string, chartRoots: Set<string>): void {
  for (let folder = path.dirname(absolute); ; folder = path.dirname(folder)) {
    if (isFile(path.join(folder, 'Chart.yaml'))) chartRoots.add(slashes(folder));
    if (path.dirname(folder) === folder) return;
  }
}

function safeRealpath(folder: string): string {
  try {
    return realpathSync(folder);
  } catch {
    return folder;
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function statOrThrow(absolute: string, given: string): Stats {
  try {
    return statSync(absolute);
  } catch (error) {
    throw new FileError(`cannot read ${given}: ${reason(error)}`);
  }
}

function readOrThrow(absolute: string, shown: string): { text: string; bytes?: Uint8Array } {
  try {
    const bytes = readFileSync(absolute);
    try {
      return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
    } catch {
      return { text: new TextDecoder('utf-8').decode(bytes), bytes: new Uint8Array(bytes) };
    }
  } catch (error) {
    throw new FileError(`cannot read ${shown}: ${reason(error)}`);
  }
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

/** `p` relative to `cwd`, with '/' separators. */
function relative(cwd: string, p: string): string {
  return slashes(path.relative(cwd, p)) || '.';
}

function slashes(p: string): string {
  return p.split(path.sep).join('/');
}

/**
 * The cluster file of a check: `given` (`--cluster`), else the first of `.portolan.json`,
 * `.portolan.yaml`, `.portolan.yml` in the first path's folder (the path itself when it is a
 * folder) or a folder above it, up to the current folder; a path outside the current folder is
 * looked at alone. Its uri is its path relative to `cwd`, as the other files'. Throws FileError
 * when the file given cannot be read; undefined when there is none to find.
 */
export function findClusterFile(given: string | undefined, paths: readonly string[], cwd: string): SourceFile | undefined {
  if (given !== undefined) {
    const absolute = path.resolve(cwd, given);
    return { uri: relative(cwd, absolute), text: readOrThrow(absolute, given).text };
  }
  const first = path.resolve(cwd, paths[0] ?? '.');
  let folder = isFile(first) ? path.dirname(first) : first;
  const inside = (f: string) => f === cwd || f.startsWith(cwd + path.sep);
  for (;;) {
    for (const name of CLUSTER_FILE_NAMES) {
      const candidate = path.join(folder, name);
      if (isFile(candidate)) return { uri: relative(cwd, candidate), text: readOrThrow(candidate, relative(cwd, candidate)).text };
    }
    if (folder === cwd || !inside(folder) || path.dirname(folder) === folder) return undefined;
    folder = path.dirname(folder);
  }
}
