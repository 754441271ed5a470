// Reads a folder of manifests the way the command line does (without the command line), for
// tests that run the engine over real trees such as ../shared/corpus and examples/.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { chartFolders, decodeFile, inChartFolder, MANIFEST_NAME, type SourceFile } from '../../server/src/service/index';

export function readWorkspace(root: string): SourceFile[] {
  const paths: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else paths.push(relative(root, path));
    }
  };
  walk(root);
  // Manifests by name, and every file of a chart (its helpers, its files/), as the checker reads them.
  const charts = chartFolders(paths);
  return paths.filter((uri) => MANIFEST_NAME.test(uri) || inChartFolder(uri, charts)).map((uri) => ({ uri, ...decodeFile(readFileSync(join(root, uri))) }));
}
