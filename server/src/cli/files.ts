// From the paths on the command line to the files the service checks: walks folders for YAML,
// finds chart roots (folders with a Chart.yaml), whose every file is read (a chart's templates
// read its files, and its packaged subcharts are archives), and reads each file's bytes (its
// text is decoded when something asks for it: service/files.ts, sourceFileOf).

import { closeSync, fstatSync, openSync, readdirSync, readFileSync, readSync, statSync, type Dirent, type Stats } from 'node:fs';
import path from 'node:path';
import { CLUSTER_FILE_NAMES, inChartFolder, isExcluded, MANIFEST_NAME, MAX_FILE_BYTES, readsFile, sourceFileOf, walksFolder, type SourceFile } from '../service/index';

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
  const walk: Walk = { cwd, exclude, found: new Set(), others: new Set(), chartRoots: new Set(), visited: new Set() };
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    const stats = statOrThrow(absolute, given);
    addAncestorCharts(absolute, walk.chartRoots);
    if (stats.isDirectory()) walkFolder(absolute, walk);
    else if (stats.isFile()) walk.found.add(absolute);
    else throw new FileError(`cannot read ${given}: not a file or folder`);
  }

  // A chart renders whole: a template named on its own brings its chart's other files.
  for (const root of [...walk.chartRoots]) {
    if (!walkedAlready(root, walk)) walkFolder(root, walk);
  }
  // The other files of the charts found, in the same stable order.
  for (const absolute of walk.others) if (inChartFolder(slashes(absolute), walk.chartRoots)) walk.found.add(absolute);
  const ordered = [...walk.found].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  const files: SourceFile[] = [];
  const warnings: string[] = [];
  for (const absolute of ordered) {
    const uri = relative(cwd, absolute);
    const read = readOrThrow(absolute, uri);
    if (!(read instanceof Uint8Array)) {
      warnings.push(`warning: skipping ${uri}: ${overTheLimit(read.size)}`);
      continue;
    }
    const { file, utf8 } = sourceFileOf(uri, read);
    if (!utf8 && MANIFEST_NAME.test(path.basename(absolute))) warnings.push(`warning: ${uri} is not valid UTF-8; its undecodable bytes read as \uFFFD`);
    files.push(file);
  }
  return { files, warnings };
}

interface Walk {
  cwd: string;
  exclude: readonly string[];
  /** Absolute paths of the files to read. */
  found: Set<string>;
  /** Files that are not manifests by name, read when they are in a chart. */
  others: Set<string>;
  /** Absolute folders with a Chart.yaml, '/'-separated. */
  chartRoots: Set<string>;
  /** The folders walked (folderIdentity), so that links never loop. */
  visited: Set<string>;
}

/** Collects the YAML files below `folder`, in name order; follows symbolic links. */
function walkFolder(folder: string, walk: Walk): void {
  let entries: Dirent[];
  try {
    const identity = folderIdentity(folder);
    if (walk.visited.has(identity)) return;
    walk.visited.add(identity);
    entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (error) {
    throw new FileError(`cannot read ${relative(walk.cwd, folder)}: ${reason(error)}`);
  }
  for (const entry of entries) {
    const name = entry.name;
    const child = path.join(folder, name);
    // The folder's listing tells files from folders (Node asks lstat where the file system does
    // not say); only a link needs a stat, which follows it.
    let kind: 'folder' | 'file' | 'other' = entry.isDirectory() ? 'folder' : entry.isFile() ? 'file' : 'other';
    if (entry.isSymbolicLink()) {
      try {
        const stats = statSync(child);
        kind = stats.isDirectory() ? 'folder' : stats.isFile() ? 'file' : 'other';
      } catch (error) {
        // A dangling link is only a problem when it names a file we would check.
        if (readsFile(name, relative(walk.cwd, child), walk.exclude)) throw new FileError(`cannot read ${relative(walk.cwd, child)}: ${reason(error)}`);
        continue;
      }
    }
    if (kind === 'folder') {
      if (walksFolder(name, relative(walk.cwd, child), walk.exclude)) walkFolder(child, walk);
    } else if (kind === 'file') {
      if (name === 'Chart.yaml') walk.chartRoots.add(slashes(folder));
      if (readsFile(name, relative(walk.cwd, child), walk.exclude)) walk.found.add(child);
      else if (!isExcluded(relative(walk.cwd, child), walk.exclude)) walk.others.add(child);
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

/**
 * What tells a folder from every other, however it is reached (through links): its device and
 * inode. One stat, where its real path costs one for every folder above it.
 */
function folderIdentity(folder: string): string {
  const stats = statSync(folder, { bigint: true });
  return `${stats.dev}:${stats.ino}`;
}

/** Whether the walk went through this folder already; one that cannot be read has not been (walking it says why). */
function walkedAlready(folder: string, walk: Walk): boolean {
  try {
    return walk.visited.has(folderIdentity(folder));
  } catch {
    return false;
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

/** A file's bytes, or its size when that is over MAX_FILE_BYTES (it is not read then). */
function readOrThrow(absolute: string, shown: string): Uint8Array | { size: number } {
  let fd: number | undefined;
  try {
    fd = openSync(absolute, 'r');
    const size = fstatSync(fd).size;
    if (size > MAX_FILE_BYTES) return { size };
    // A file that says it is empty may still hold bytes (a pseudo-file): read it to its end.
    if (size === 0) return new Uint8Array(readFileSync(fd));
    // Not from Buffer's shared pool: the bytes are kept, and may go to a worker.
    const buffer = Buffer.allocUnsafeSlow(size);
    let filled = 0;
    for (let n: number; filled < size && (n = readSync(fd, buffer, filled, size - filled, null)) > 0; ) filled += n;
    return filled === size ? buffer : buffer.subarray(0, filled);
  } catch (error) {
    throw new FileError(`cannot read ${shown}: ${reason(error)}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A file's text, for a file the check cannot go without (the cluster file). */
function readTextOrThrow(absolute: string, shown: string): string {
  const read = readOrThrow(absolute, shown);
  if (!(read instanceof Uint8Array)) throw new FileError(`cannot read ${shown}: ${overTheLimit(read.size)}`);
  return sourceFileOf(shown, read).file.text;
}

function overTheLimit(size: number): string {
  return `${(size / 1024 / 1024).toFixed(1)} MB is over the ${MAX_FILE_BYTES / 1024 / 1024} MB limit`;
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
    return { uri: relative(cwd, absolute), text: readTextOrThrow(absolute, given) };
  }
  const first = path.resolve(cwd, paths[0] ?? '.');
  let folder = isFile(first) ? path.dirname(first) : first;
  const inside = (f: string) => f === cwd || f.startsWith(cwd + path.sep);
  for (;;) {
    for (const name of CLUSTER_FILE_NAMES) {
      const candidate = path.join(folder, name);
      if (isFile(candidate)) return { uri: relative(cwd, candidate), text: readTextOrThrow(candidate, relative(cwd, candidate)) };
    }
    if (folder === cwd || !inside(folder) || path.dirname(folder) === folder) return undefined;
    folder = path.dirname(folder);
  }
}
