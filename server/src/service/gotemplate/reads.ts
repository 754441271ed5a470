// What a template execution reads of its data, for a caller that wants to know whether running
// it again on other data would give the same output (Helm's values edited, or a chart rendered
// under another values file): the executor tells a ReadLog of every key it looks up in a map,
// every value it uses whole (prints, tests, ranges over, hands to a function that reads it), and
// every map a function changes in place. The log decides what those objects are; the engine
// only reports. Functions say how they use their arguments (ArgumentUse), since most read them
// whole but some only hold them (dict, list, include's data) or read one key (index, get).

import type { Value } from './values';

export interface ReadLog {
  /** `key` was looked up in `container` (a map or a list), whether or not it is there. */
  key(container: Value, key: string | number): void;
  /** `value` was used whole: what any part of it holds may have changed the output. */
  whole(value: Value): void;
  /** `container` was changed in place (sprig's set, unset, merge). */
  changed(container: Value): void;
  /** `into` (a function's result, or the container it changed) now holds `held`, unread. */
  holds(into: Value, held: readonly Value[]): void;
}

/**
 * How a function uses its arguments; by default it reads each whole. The indexes count the piped
 * value as the last argument.
 */
export interface ArgumentUse {
  /** Arguments only held, never read: packed into the result (dict, list) or handed to a template (include's data). */
  keeps?: 'all' | readonly number[];
  /** The argument changed in place (set's map); arguments kept go into it rather than into the result. */
  changes?: number;
  /** What the function reads when that is less than its arguments whole (index reads one key per step). */
  reads?: (args: readonly Value[], log: ReadLog) => void;
}

/** Tells the log what a call with these arguments read, changed and held. */
export function logCall(log: ReadLog, use: ArgumentUse | undefined, args: readonly Value[], result: Value): void {
  if (!use) {
    for (const arg of args) log.whole(arg);
    return;
  }
  const kept = (i: number) => use.keeps === 'all' || (use.keeps?.includes(i) ?? false);
  if (use.reads) use.reads(args, log);
  else args.forEach((arg, i) => !kept(i) && i !== use.changes && log.whole(arg));
  if (use.changes !== undefined) log.changed(args[use.changes] ?? null);
  if (use.keeps) {
    const held = args.filter((_, i) => kept(i));
    if (held.length > 0) log.holds(use.changes !== undefined ? (args[use.changes] ?? null) : result, held);
  }
}

/** Reads of a path of keys from a container (index, dig): each step's key, until a step is not a container. */
export function logPath(log: ReadLog, container: Value, keys: readonly Value[]): void {
  let at: Value = container;
  for (const key of keys) {
    if (at instanceof Map && typeof key === 'string') {
      log.key(at, key);
      at = at.has(key) ? at.get(key)! : null;
    } else if (Array.isArray(at) && (typeof key === 'bigint' || typeof key === 'number')) {
      const i = Number(key);
      log.key(at, i);
      at = at[i] ?? null;
    } else {
      // A step Go refuses or that reads something else (a string's byte): the whole of what is left.
      log.whole(at);
      return;
    }
  }
}
