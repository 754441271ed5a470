// What every rule is given: the models of all files checked together, the catalogs that apply
// and the settings. Rules return findings; severities are applied afterwards.

import type { Catalog } from '../catalog/catalog';
import type { FileModel } from '../model/types';
import type { Settings } from '../settings';
import type { Finding } from '../types';

export interface RuleContext {
  files: readonly FileModel[];
  catalog: Catalog;
  settings: Settings;
}

export type Rule = (context: RuleContext) => Finding[];

/** Groups items by a key, keeping first-seen order. */
export function groupBy<T>(items: Iterable<T>, key: (item: T) => string | undefined): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** Names a few of many: `A, B, C and 4 more`, so a message stays readable when hundreds collide. */
export function listSome(names: readonly string[], shown = 3): string {
  const unique = [...new Set(names)];
  if (unique.length <= shown) return unique.join(', ');
  return `${unique.slice(0, shown).join(', ')} and ${unique.length - shown} more`;
}

/** At most this many related locations per finding; the rest are summed up in the message. */
export const MAX_RELATED = 20;

/** Orders things that stand at a port field by file, then position. */
export function byLocation(a: { field: { uri: string; span: { start: number } } }, b: { field: { uri: string; span: { start: number } } }): number {
  return a.field.uri < b.field.uri ? -1 : a.field.uri > b.field.uri ? 1 : a.field.span.start - b.field.span.start;
}
