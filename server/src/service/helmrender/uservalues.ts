// The values a user gives, as Helm's values.Options.MergeValues assembles them: each `-f` file
// in order (maps merged key by key, anything else replaced), then every `--set`, then every
// `--set-string`, parsed into the same map. Origins record the file and key span of each entry,
// or the --set text and the span of its `key=value`.

import type { GoMap, Origins, Value } from '../gotemplate/index';
import { moveOrigin } from './coalesce';
import { parseStrvals } from './strvals';
import { readValues } from './yamlvalues';

export interface ValuesFile {
  uri: string;
  text: string;
}

export interface UserValues {
  /** `-f` files, in order: later ones win. */
  files?: readonly ValuesFile[];
  /** `--set` entries, each `a.b=c,d=e`; the origin names them `--set`, or the uri given. */
  set?: readonly (string | { uri: string; text: string })[];
  /** `--set-string` entries. */
  setString?: readonly (string | { uri: string; text: string })[];
}

export function userValues(input: UserValues, origins: Origins): { values: GoMap; errors: string[] } {
  let base: GoMap = new Map();
  const errors: string[] = [];
  for (const f of input.files ?? []) {
    const read = readValues(f.text, f.uri, origins);
    errors.push(...read.errors);
    base = mergeMaps(base, read.values, origins);
  }
  const apply = (entries: UserValues['set'], strings: boolean, flag: string) => {
    for (const entry of entries ?? []) {
      const { uri, text } = typeof entry === 'string' ? { uri: flag, text: entry } : entry;
      const error = parseStrvals(text, base, { strings, origins, uri });
      if (error) errors.push(`failed parsing ${flag} data: ${error}`);
    }
  };
  apply(input.set, false, '--set');
  apply(input.setString, true, '--set-string');
  return { values: base, errors };
}

/** Helm's mergeMaps: b over a, maps merged recursively, into a new map. */
function mergeMaps(a: GoMap, b: GoMap, origins: Origins): GoMap {
  const out: GoMap = new Map();
  for (const [k, v] of a) {
    out.set(k, v);
    moveOrigin(origins, a, k, out, k);
  }
  for (const [k, v] of b) {
    const bv: Value | undefined = out.get(k);
    if (v instanceof Map && bv instanceof Map) {
      out.set(k, mergeMaps(bv, v, origins));
      continue;
    }
    out.set(k, v);
    moveOrigin(origins, b, k, out, k);
  }
  return out;
}
