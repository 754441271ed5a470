// Finding the manifests of the workspace folders on disk, for the cross-file view: every YAML
// file, open or not, and every file of a Helm chart (its templates read its files, its packaged
// subcharts are archives), except what `portolan.exclude` leaves out. Asynchronous and cancellable, so
// a large workspace shows progress and never blocks the editor's requests.

import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { chartFolders, decodeFile, inChartFolder, isExcluded, MAX_FILE_BYTES, readsFile, walksFolder, type FileContent } from '../service/index';

export interface IndexedFile extends FileContent {
  path: string;
}

export interface IndexProgress {
  /** Called with the number of files read so far and the number found. */
  report(done: number, total: number): void;
  isCancelled(): boolean;
}

/** The YAML files under the folders, minus excluded ones, in a stable order. */
export async function findManifests(folders: readonly string[], exclude: readonly string[], progress: IndexProgress): Promise<string[]> {
  const found: string[] = [];
  const others: string[] = [];
  const visit = async (folder: string, root: string): Promise<void> => {
    if (progress.isCancelled()) return;
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      return; // An unreadable folder holds nothing we can check.
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      const relative = path.relative(root, full);
      if (entry.isDirectory()) {
        if (walksFolder(entry.name, relative, exclude)) await visit(full, root);
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        if (readsFile(entry.name, relative, exclude)) found.push(full);
        else if (!isExcluded(relative, exclude)) others.push(full);
      }
    }
  };
  for (const folder of folders) await visit(folder, folder);
  const charts = chartFolders(found.map(slashes));
  return [...found, ...others.filter((file) => inChartFolder(slashes(file), charts))].sort();
}

/** Reads files, reporting progress; a file that cannot be read, or is too big, is skipped. */
export async function readManifests(paths: readonly string[], progress: IndexProgress): Promise<IndexedFile[]> {
  const files: IndexedFile[] = [];
  for (let i = 0; i < paths.length; i++) {
    if (progress.isCancelled()) break;
    const file = paths[i]!;
    try {
      if ((await stat(file)).size <= MAX_FILE_BYTES) files.push({ path: file, ...decodeFile(await readFile(file)) });
    } catch {
      // Gone or unreadable since it was found: nothing to check.
    }
    if (i % 25 === 0 || i === paths.length - 1) progress.report(i + 1, paths.length);
  }
  return files;
}

function slashes(p: string): string {
  return p.split(path.sep).join('/');
}
