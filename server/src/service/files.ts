// Which files of a tree are read as manifests, and what a file read is to the service: one
// decision for the checker and the language server alike. Pure: it judges names and relative
// paths and decodes bytes it is given; walking and reading the disk is the caller's job.

import { isUtf8 } from 'node:buffer';
import { minimatch } from 'minimatch';
import type { SourceFile } from './types';

/**
 * A file over this size is not even read (a warning says so), so a stray dump never stalls a run;
 * below it, files over the `maxFileSize` limit get a file-too-large finding instead.
 */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** Folders never searched for manifests, whatever the exclude patterns say. */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['.git', 'node_modules']);

/** The files read: manifests, and the `.tpl` files where charts keep the helpers their templates include. */
export const MANIFEST_NAME = /\.(ya?ml|tpl)$/i;

/** The exclude patterns a user starts with (`portolan.exclude`'s default; the checker's too). */
export const DEFAULT_EXCLUDE: readonly string[] = ['**/node_modules/**', '**/.git/**'];

/**
 * Whether a path, relative to the folder the patterns are written for ('/' or the platform's
 * separator), is left out. A folder is asked about with a trailing '/', so `dist/**` skips it whole.
 */
export function isExcluded(relativePath: string, patterns: readonly string[]): boolean {
  const normalized = relativePath.split('\\').join('/');
  return patterns.some((pattern) => minimatch(normalized, pattern, { dot: true }));
}

/** Whether a folder, by name and path relative to the root, is walked. */
export function walksFolder(name: string, relativePath: string, exclude: readonly string[]): boolean {
  return !SKIPPED_FOLDERS.has(name) && !isExcluded(`${relativePath}/`, exclude);
}

/** Whether a file, by name and path relative to the root, is read. */
export function readsFile(name: string, relativePath: string, exclude: readonly string[]): boolean {
  return MANIFEST_NAME.test(name) && !isExcluded(relativePath, exclude);
}

/** A file's content as the service takes it: its text, and its bytes when they are not UTF-8 (an archive, a binary). */
export interface FileContent {
  text: string;
  bytes?: Uint8Array;
}

// One of each for every file read: a decoder costs as much to make as a small file to decode.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lossyUtf8 = new TextDecoder('utf-8');

/** Decodes what was read from disk: UTF-8 text, or (for anything else) the bytes with a lossy text beside them. */
export function decodeFile(bytes: Uint8Array): FileContent {
  try {
    return { text: strictUtf8.decode(bytes) };
  } catch {
    return { text: lossyUtf8.decode(bytes), bytes: new Uint8Array(bytes) };
  }
}

/**
 * A file read from disk as the service takes it, with its bytes, and whether they are UTF-8. Its
 * text (lossy where they are not) is decoded when first asked for: a large check hands a chart's
 * files to its renderer as bytes, and most of them, its archives too, are never read as text.
 */
export function sourceFileOf(uri: string, bytes: Uint8Array): { file: SourceFile; utf8: boolean } {
  let text: string | undefined;
  const file: SourceFile = {
    uri,
    get text(): string {
      return (text ??= lossyUtf8.decode(bytes));
    },
  };
  const utf8 = isUtf8(bytes);
  // The bytes of UTF-8 text are only a faster way to its text: a copy of the file with another
  // text (`{ ...file, text }`) must not keep them, so a spread leaves them out. Other bytes are
  // the file's content itself, and stay.
  Object.defineProperty(file, 'bytes', { value: bytes, enumerable: !utf8 });
  return { file, utf8 };
}

/** The folders of a list of paths ('/'-separated) that hold a Chart.yaml. */
export function chartFolders(paths: Iterable<string>): Set<string> {
  const folders = new Set<string>();
  for (const p of paths) if (p === 'Chart.yaml' || p.endsWith('/Chart.yaml')) folders.add(p.slice(0, Math.max(0, p.length - '/Chart.yaml'.length)));
  return folders;
}

/** Whether a path ('/'-separated) lies under one of the chart folders: a chart reads all its files. */
export function inChartFolder(path: string, charts: ReadonlySet<string>): boolean {
  for (let slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
    if (charts.has(path.slice(0, slash))) return true;
  }
  return false;
}
