// Findings gathered by the file they are shown on, again and again as the workspace changes.
// Most findings of a gathering are the very objects of the last one (the workspace keeps each
// file's findings by its model, and the cross-file rules' by their groups), so a gathering lists
// again only the files whose findings came or went, and keeps the others' lists as they were: a
// keystroke in a workspace of ten thousand files with thousands of findings re-lists a few.

import type { Diagnostic } from './types';

export interface Gathering {
  /** The findings of every file that has some (in no particular order of files). */
  byUri: Map<string, Diagnostic[]>;
  /** Each finding gathered, as shown. */
  all: Set<Diagnostic>;
}

export function emptyGathering(): Gathering {
  return { byUri: new Map(), all: new Set() };
}

/**
 * The gathering of `diagnostics` after `before`, whose map it updates and takes over. `show`: a
 * finding as shown (on the file the user has), or undefined for one not shown; `list`: a file's
 * findings as listed (sorted, and whatever else the caller does to them), called only for files
 * whose findings changed.
 */
export function regather(
  before: Gathering,
  diagnostics: readonly Diagnostic[],
  show: (diagnostic: Diagnostic) => Diagnostic | undefined,
  list: (uri: string, found: Diagnostic[]) => Diagnostic[],
): Gathering {
  const shown: Diagnostic[] = [];
  const all = new Set<Diagnostic>();
  const changed = new Set<string>();
  for (const diagnostic of diagnostics) {
    const at = show(diagnostic);
    if (!at) continue;
    shown.push(at);
    all.add(at);
    if (!before.all.has(at)) changed.add(at.uri);
  }
  // Findings that went: with none new, there are some only when the count differs.
  if (changed.size > 0 || all.size !== before.all.size) for (const diagnostic of before.all) if (!all.has(diagnostic)) changed.add(diagnostic.uri);
  const byUri = before.byUri;
  if (changed.size === 0) return { byUri, all };
  const found = new Map<string, Diagnostic[]>();
  for (const diagnostic of shown) {
    if (!changed.has(diagnostic.uri)) continue;
    const files = found.get(diagnostic.uri);
    if (files) files.push(diagnostic);
    else found.set(diagnostic.uri, [diagnostic]);
  }
  for (const uri of changed) {
    const findings = found.get(uri);
    if (findings) byUri.set(uri, list(uri, findings));
    else byUri.delete(uri);
  }
  return { byUri, all };
}
