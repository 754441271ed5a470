// Reads a folder of manifests the way the command line does (without the command line), for
// tests that run the engine over real trees such as ../shared/corpus and examples/.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { isHelmTemplatePath, type SourceFile } from '../../server/src/service/index';

export function readWorkspace(root: string): SourceFile[] {
  const paths: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(name)) paths.push(relative(root, path));
    }
  };
  walk(root);
  const charts = new Set(paths.filter((p) => p.endsWith('Chart.yaml')).map((p) => dirname(p)));
  return paths.map((uri) => ({ uri, text: readFileSync(join(root, uri), 'utf8'), helm: isHelmTemplatePath(uri, charts) }));
}
