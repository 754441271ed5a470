// The user's own catalog files (`portolan.catalogs`): read, validated, and, when one is broken,
// a diagnostic on the catalog file itself at the field that is wrong, so the rest keeps working.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { findNodeAtLocation, parseTree, type Node as JsonNode } from 'jsonc-parser';
import type { CatalogProblem, CatalogValidator, LoadedCatalog } from '../service/index';
import { formatCatalogProblem, parseCatalogText } from '../service/index';

export interface CatalogLoad {
  catalogs: LoadedCatalog[];
  /** Per catalog file uri: the problems, with offsets of the fields where they can be found. */
  problems: Map<string, { text: string; problems: { message: string; start: number; end: number }[] }>;
  /** One line per broken file, for a message to the user. */
  messages: string[];
}

export async function loadUserCatalogs(files: readonly string[], baseFolder: string | undefined, validator: CatalogValidator): Promise<CatalogLoad> {
  const load: CatalogLoad = { catalogs: [], problems: new Map(), messages: [] };
  for (const file of files) {
    const absolute = path.isAbsolute(file) || baseFolder === undefined ? file : path.join(baseFolder, file);
    const uri = pathToFileURL(absolute).href;
    let text: string;
    try {
      text = await readFile(absolute, 'utf8');
    } catch (error) {
      load.messages.push(`Portolan: cannot read catalog ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error)}`);
      continue;
    }
    const result = parseCatalogText(text, file, validator);
    if (result.catalog) {
      load.catalogs.push(result.catalog);
      load.problems.set(uri, { text, problems: [] });
      continue;
    }
    const tree = parseTree(text);
    load.problems.set(uri, {
      text,
      problems: result.problems.map((problem) => ({ message: formatCatalogProblem(problem), ...locate(tree, problem) })),
    });
    load.messages.push(`Portolan: catalog ${file} is not valid and is left out: ${formatCatalogProblem(result.problems[0]!)}`);
  }
  return load;
}

/** The text span of the field a problem names, or of the nearest part of its path that exists. */
function locate(tree: JsonNode | undefined, problem: CatalogProblem): { start: number; end: number } {
  if (!tree) return { start: 0, end: 1 };
  const segments = problem.field === '' ? [] : problem.field.split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const jsonPath = segments.map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  for (let length = jsonPath.length; length >= 0; length--) {
    const node = findNodeAtLocation(tree, jsonPath.slice(0, length));
    if (node) {
      // A property's name is where the eye goes: point at it rather than at a whole object.
      const target = node.parent?.type === 'property' && node.parent.children?.[0] ? node.parent.children[0] : node;
      return { start: target.offset, end: target.offset + target.length };
    }
  }
  return { start: 0, end: 1 };
}
