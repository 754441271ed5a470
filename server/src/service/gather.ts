// Findings gathered by the file they are shown on, again and again as the workspace changes.
// They come from sources that each hand over their whole list (a file's per-file rules, a group
// of the cross-file rules, a chart's profiles), and most sources keep the very same list from one
// keystroke to the next (the workspace keeps each file's findings by its model, the cross-file
// rules theirs by group). So a gathering compares only the lists of the sources it is handed
// again, and lists again only the files whose findings came or went: a keystroke in a workspace
// of ten thousand files with thousands of findings touches a few.

import type { Diagnostic } from './types';

const NONE: readonly Diagnostic[] = [];

export class Gathering {
  /** Each source's findings as last handed over. */
  private readonly sources = new Map<unknown, readonly Diagnostic[]>();
  /** Per file, the findings of the tracked sources (see set), each as many times as sources hold it. */
  private readonly tracked = new Map<string, Map<Diagnostic, number>>();
  /** Per file shown on, the findings as shown, each as many times as sources hold it. */
  private readonly shown = new Map<string, Map<Diagnostic, number>>();
  /** Each finding as shown (null: not shown), asked of `show` once. */
  private readonly shownAs = new WeakMap<Diagnostic, Diagnostic | null>();
  /** Files shown on whose findings changed since the last gathered(). */
  private readonly relist = new Set<string>();
  /** Files listed again (or no longer listed) since the last takeListedAgain(). */
  private listedAgain = new Set<string>();
  /** Files whose tracked findings changed since the last takeTouched(). */
  private touched = new Set<string>();
  /** The findings of every file that has some, as listed (in no particular order of files). */
  private readonly byUri = new Map<string, Diagnostic[]>();

  /**
   * `show`: a finding as shown (on the file the user has), or undefined for one not shown; it must
   * give the same for the same finding for as long as the gathering is used. `list`: a file's
   * findings as listed (sorted, and whatever else the caller does to them), called only for files
   * whose findings changed.
   */
  constructor(
    private readonly show: (diagnostic: Diagnostic) => Diagnostic | undefined,
    private readonly list: (uri: string, found: Diagnostic[]) => Diagnostic[],
  ) {}

  /**
   * A source's findings now (an empty list: it has none, or is gone). `tracked`: whether they
   * count in findingsOn() and takeTouched().
   */
  set(source: unknown, diagnostics: readonly Diagnostic[], tracked = true): void {
    const before = this.sources.get(source) ?? NONE;
    if (before === diagnostics) return;
    if (diagnostics.length === 0) this.sources.delete(source);
    else this.sources.set(source, diagnostics);
    if (before.length === 0 && diagnostics.length === 0) return;
    const delta = new Map<Diagnostic, number>();
    for (const diagnostic of before) delta.set(diagnostic, (delta.get(diagnostic) ?? 0) - 1);
    for (const diagnostic of diagnostics) delta.set(diagnostic, (delta.get(diagnostic) ?? 0) + 1);
    for (const [diagnostic, count] of delta) if (count !== 0) this.count(diagnostic, count, tracked);
  }

  /** The tracked findings on a file, as the sources hand them over. */
  findingsOn(uri: string): Diagnostic[] {
    return expanded(this.tracked.get(uri));
  }

  /** The files whose tracked findings changed since the last call. */
  takeTouched(): Set<string> {
    const touched = this.touched;
    this.touched = new Set();
    return touched;
  }

  /** The files listed again, or no longer listed, by gathered() since the last call. */
  takeListedAgain(): Set<string> {
    const listed = this.listedAgain;
    this.listedAgain = new Set();
    return listed;
  }

  /** The findings of every file that has some: the files whose findings changed are listed again. */
  gathered(): Map<string, Diagnostic[]> {
    for (const uri of this.relist) {
      this.listedAgain.add(uri);
      const found = expanded(this.shown.get(uri));
      if (found.length > 0) this.byUri.set(uri, this.list(uri, found));
      else {
        this.shown.delete(uri);
        this.byUri.delete(uri);
      }
    }
    this.relist.clear();
    return this.byUri;
  }

  private count(diagnostic: Diagnostic, count: number, tracked: boolean): void {
    if (tracked) {
      bump(this.tracked, diagnostic.uri, diagnostic, count);
      this.touched.add(diagnostic.uri);
    }
    let as = this.shownAs.get(diagnostic);
    if (as === undefined) {
      as = this.show(diagnostic) ?? null;
      this.shownAs.set(diagnostic, as);
    }
    if (as === null) return;
    bump(this.shown, as.uri, as, count);
    this.relist.add(as.uri);
  }
}

function bump(byUri: Map<string, Map<Diagnostic, number>>, uri: string, diagnostic: Diagnostic, count: number): void {
  let counts = byUri.get(uri);
  if (!counts) byUri.set(uri, (counts = new Map()));
  const now = (counts.get(diagnostic) ?? 0) + count;
  if (now > 0) counts.set(diagnostic, now);
  else counts.delete(diagnostic);
  if (counts.size === 0) byUri.delete(uri);
}

function expanded(counts: Map<Diagnostic, number> | undefined): Diagnostic[] {
  const list: Diagnostic[] = [];
  for (const [diagnostic, count] of counts ?? []) for (let i = 0; i < count; i++) list.push(diagnostic);
  return list;
}
