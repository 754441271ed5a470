// sprig's dict functions (dict.go), with mergo's merge rules for merge and mergeOverwrite.
//
// Go's maps have no order; `keys` and `values` return theirs in key order here (Go's are in
// random order, which charts sort, or should), so a render is repeatable.

import { GoError, GoStruct, GoTypedList, GoTypedMap, isGenericMap, logPath, stringList, type ArgumentUse, type GoMap, type Value } from '../gotemplate/index';
import { conversionPanic, empty, strval } from './convert';
import { fn, type FunctionTable } from './func';

const MAP = 'map[string]interface {}';

function sortedKeys(m: GoMap): string[] {
  return [...m.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** sprig's dict: pairs of key (toString'd) and value; a lone last key gets "". */
export function dict(args: Value[]): GoMap {
  const m: GoMap = new Map();
  for (let i = 0; i < args.length; i += 2) m.set(strval(args[i]!), i + 1 < args.length ? args[i + 1]! : '');
  return m;
}

/** mergo's isEmptyValue, looking through interfaces. */
const isEmptyValue = (v: Value | undefined): boolean => v === undefined || empty(v);

const isMapLike = (v: Value): boolean => v instanceof Map || v instanceof GoStruct;

/**
 * mergo's deepMerge of one map into another (mergo.Merge, with WithOverride for overwrite),
 * in place. Its rules, as they fall out for map[string]interface{}:
 *   - a nil in src is copied only when overwriting;
 *   - maps on both sides merge recursively (the dst map is modified); a src map or list for a
 *     key dst lacks is shared, not copied;
 *   - a list in src replaces dst's only when overwriting or when dst's is empty (lists are never
 *     appended);
 *   - any other value replaces dst's when overwriting (even an empty one), else only when dst's
 *     is missing or empty.
 */
export function mergeInto(dst: GoMap, src: GoMap, overwrite: boolean, seen = new Set<GoMap>()): void {
  if (seen.has(src)) return; // mergo's visited check keeps a cycle from recursing forever
  seen.add(src);
  for (const [key, srcElement] of src) {
    const dstHas = dst.has(key);
    const dstElement = dst.get(key);
    if (srcElement === null) {
      if (overwrite) dst.set(key, null);
      continue;
    }
    if (srcElement instanceof Map && dstElement instanceof Map) mergeInto(dstElement, srcElement, overwrite, seen);
    if (Array.isArray(srcElement)) {
      // mergo looks at the emptiness of the whole dst map here, not of the element.
      if (overwrite || dst.size === 0) dst.set(key, srcElement);
      else if (!dstHas || dstElement === null) dst.set(key, []);
    }
    const dstEmpty = !dstHas || isEmptyValue(dstElement);
    if (dstHas && !dstEmpty) {
      if (Array.isArray(srcElement)) continue;
      if (isMapLike(srcElement) && dstElement !== undefined && isMapLike(dstElement)) continue;
    }
    if (overwrite || dstEmpty) dst.set(key, srcElement);
  }
  seen.delete(src);
}

function merge(args: Value[], overwrite: boolean): Value {
  const dst = (args[0] as GoMap | null) ?? new Map();
  for (const src of args.slice(1)) if (src instanceof Map) mergeInto(dst, src, overwrite);
  return dst;
}

/** copystructure.Copy: maps and lists copied all the way down. */
export function deepCopy(v: Value, depth = 0): Value {
  if (depth > 10_000) throw new GoError('deepCopy error: too deeply nested');
  // copystructure keeps the type: a copy of .Values is still common.Values, of a []string a []string.
  if (v instanceof GoTypedList) return new GoTypedList(v.typeName, v.map((x) => deepCopy(x, depth + 1)));
  if (Array.isArray(v)) return v.map((x) => deepCopy(x, depth + 1));
  if (v instanceof GoTypedMap) return new GoTypedMap(v.typeName, v.underlyingType, [...v].map(([k, x]) => [k, deepCopy(x, depth + 1)] as const));
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, deepCopy(x, depth + 1)]));
  return v;
}

/**
 * sprig's dig: keys..., default, dict. A step that is not exactly map[string]interface{} is Go's
 * failed type assertion, a named map type too: `dig "a" "" .Values` fails in Helm, since .Values
 * is common.Values ("interface {} is common.Values, not map[string]interface {}").
 */
function dig(ps: Value[]): Value {
  if (ps.length < 3) throw new GoError('dig needs at least three arguments');
  let m = ps[ps.length - 1]!;
  const def = ps[ps.length - 2]!;
  const keys = ps.slice(0, -2).map((k) => {
    if (typeof k !== 'string') throw conversionPanic(k, 'string');
    return k;
  });
  for (let i = 0; i < keys.length; i++) {
    if (!isGenericMap(m)) throw conversionPanic(m, MAP);
    if (!m.has(keys[i]!)) return def;
    const step = m.get(keys[i]!)!;
    if (i === keys.length - 1) return step;
    m = step;
  }
  return def;
}

const asMap = (v: Value | undefined): GoMap | null => (v instanceof Map ? v : null);

/** get and hasKey read one key of their map. */
const READS_KEY: ArgumentUse = { reads: ([d, k], log) => logPath(log, d ?? null, [k ?? null]) };
/** merge and its kin change their first map and read the others. */
const CHANGES_FIRST: ArgumentUse = { changes: 0 };

export const DICT_FUNCTIONS: FunctionTable = {
  dict: fn(['any'], dict, { variadic: true, uses: { keeps: 'all' } }),
  get: fn(['map', 'string'], ([d, k]) => {
    const m = asMap(d);
    return m?.has(k as string) ? m.get(k as string)! : '';
  }, { uses: READS_KEY }),
  set: fn(['map', 'string', 'any'], ([d, k, v]) => {
    const m = asMap(d);
    if (!m) throw new GoError('assignment to entry in nil map');
    m.set(k as string, v!);
    return m;
  }, { uses: { changes: 0, keeps: [2] } }),
  unset: fn(['map', 'string'], ([d, k]) => {
    const m = asMap(d);
    m?.delete(k as string);
    return m ?? new Map();
  }, { uses: { changes: 0 } }),
  hasKey: fn(['map', 'string'], ([d, k]) => asMap(d)?.has(k as string) ?? false, { uses: READS_KEY }),
  pluck: fn(
    ['string', 'map'],
    ([k, ...ds]) => {
      const out: Value[] = [];
      for (const d of ds) if (d instanceof Map && d.has(k as string)) out.push(d.get(k as string)!);
      return out;
    },
    { variadic: true },
  ),
  keys: fn(['map'], (ds) => stringList(ds.flatMap((d) => (d instanceof Map ? sortedKeys(d) : []))), { variadic: true }),
  values: fn(['map'], ([d]) => {
    const m = asMap(d);
    return m ? sortedKeys(m).map((k) => m.get(k)!) : [];
  }),
  pick: fn(
    ['map', 'string'],
    ([d, ...keys]) => {
      const m = asMap(d);
      const out: GoMap = new Map();
      for (const k of keys as string[]) if (m?.has(k)) out.set(k, m.get(k)!);
      return out;
    },
    { variadic: true },
  ),
  omit: fn(
    ['map', 'string'],
    ([d, ...keys]) => {
      const omit = new Set(keys as string[]);
      return new Map([...(asMap(d) ?? new Map<string, Value>())].filter(([k]) => !omit.has(k)));
    },
    { variadic: true },
  ),
  merge: fn(['map', 'map'], (args) => merge(args, false), { variadic: true, uses: CHANGES_FIRST }),
  mustMerge: fn(['map', 'map'], (args) => merge(args, false), { variadic: true, uses: CHANGES_FIRST }),
  mergeOverwrite: fn(['map', 'map'], (args) => merge(args, true), { variadic: true, uses: CHANGES_FIRST }),
  mustMergeOverwrite: fn(['map', 'map'], (args) => merge(args, true), { variadic: true, uses: CHANGES_FIRST }),
  dig: fn(['any'], dig, {
    variadic: true,
    uses: {
      reads: (args, log) => {
        // keys..., default, dict: the path of keys in the dict, and the default whole.
        log.whole(args[args.length - 2] ?? null);
        logPath(log, args[args.length - 1] ?? null, args.slice(0, -2));
      },
    },
  }),
  deepCopy: fn(['any'], ([v]) => deepCopy(v!)),
  mustDeepCopy: fn(['any'], ([v]) => deepCopy(v!)),
};
