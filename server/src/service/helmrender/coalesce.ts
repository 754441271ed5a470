// Helm's coalescing of values (pkg/chart/common/util/coalesce.go), step for step, with origins:
// wherever Helm copies an entry from one map to another, the entry's origin (values file and key
// span, in the Origins table) is copied with it, so a value keeps the place it was written
// through every merge.
//
//   - a chart's defaults fill what the given values lack; maps merge, scalars and lists replace;
//   - `null` given for a key deletes it when coalescing (kept when merging, Helm's MergeValues);
//   - each subchart's values are the parent's `<name>:` block coalesced with its own defaults,
//     after `global` has been copied down into it (tables in global merged top-down);
//   - a subchart's own default nulls are dropped so that they do not shadow globals.

import type { GoMap, Origins, Value } from '../gotemplate/index';

/** What coalescing needs of a chart: its name (the alias, once dependencies are processed), defaults and subcharts. */
export interface ValuesChart {
  name: string;
  values: GoMap;
  dependencies: readonly ValuesChart[];
  /**
   * The values are this render's own (import-values made them: dependencies.ts), not the reading
   * of a values.yaml that other renders share: the render's last coalescing, after which nothing
   * reads them, takes them as they are instead of a deep copy (and clears this).
   */
  valuesOwned?: boolean;
}

const GLOBAL = 'global';

// Maps are walked with forEach here: most of a check runs before V8 optimises this code, and
// unoptimised, for…of over a Map allocates an iterator result and a [key, value] pair for every
// entry (the values of a render are copied and merged entry by entry, a few hundred thousand of
// them over the real corpus).

export const isTable = (v: Value | undefined): v is GoMap => v instanceof Map;

/** A deep copy of maps and lists (copystructure.Copy), origins copied along. */
export function copyValue<T extends Value>(value: T, origins: Origins): T {
  const v: Value = value;
  if (v instanceof Map) {
    const out: GoMap = new Map();
    v.forEach((x, k) => {
      out.set(k, copyValue(x, origins));
      moveOrigin(origins, v, k, out, k);
    });
    return out as T;
  }
  if (Array.isArray(v)) {
    const out = v.map((x) => copyValue(x, origins));
    v.forEach((_, i) => moveOrigin(origins, v, i, out, i));
    return out as T;
  }
  return value;
}

/** Gives dst[dk] the origin of src[sk]. */
export function moveOrigin(origins: Origins, src: GoMap | Value[], sk: string | number, dst: GoMap | Value[], dk: string | number): void {
  const o = origins.get(src, sk);
  if (o) origins.set(dst, dk, o);
}

/**
 * CoalesceValues: the chart's and its subcharts' defaults under `vals` (copied first); nulls
 * delete. `last`: nothing reads the charts' values after this, so those a render owns
 * (ValuesChart.valuesOwned) are taken without a copy.
 */
export function coalesceValues(chart: ValuesChart, vals: GoMap | undefined, origins: Origins, last = false): GoMap {
  return coalesce(chart, vals ? copyValue(vals, origins) : new Map(), '', false, origins, last);
}

/** MergeValues: as coalesceValues, but nulls are kept. */
export function mergeValues(chart: ValuesChart, vals: GoMap | undefined, origins: Origins): GoMap {
  return coalesce(chart, vals ? copyValue(vals, origins) : new Map(), '', true, origins, false);
}

function coalesce(chart: ValuesChart, dest: GoMap, prefix: string, merge: boolean, origins: Origins, last: boolean): GoMap {
  coalesceChartValues(chart, dest, prefix, merge, origins, last);
  return coalesceDeps(chart, dest, prefix, merge, origins, last);
}

function coalesceDeps(chart: ValuesChart, dest: GoMap, prefix: string, merge: boolean, origins: Origins, last: boolean): GoMap {
  for (const sub of chart.dependencies) {
    const existing = dest.get(sub.name);
    if (existing === undefined) dest.set(sub.name, new Map());
    // Helm stops with "type mismatch" here; the values stay as they are for that subchart.
    else if (!isTable(existing)) continue;
    const dv = dest.get(sub.name) as GoMap;
    const subPrefix = concatPrefix(prefix, chart.name);
    coalesceGlobals(dv, dest, subPrefix, origins);
    dest.set(sub.name, coalesce(sub, dv, subPrefix, merge, origins, last));
  }
  return dest;
}

/** Copies the globals of src into dest's global (src wins, tables merged top-down). */
function coalesceGlobals(dest: GoMap, src: GoMap, prefix: string, origins: Origins): void {
  const destGlobal = dest.get(GLOBAL);
  const srcGlobal = src.get(GLOBAL);
  let dg: GoMap;
  if (destGlobal === undefined) dg = new Map();
  else if (isTable(destGlobal)) dg = destGlobal;
  else return;
  let sg: GoMap;
  if (srcGlobal === undefined) sg = new Map();
  else if (isTable(srcGlobal)) sg = srcGlobal;
  else return;
  sg.forEach((val, key) => {
    if (isTable(val)) {
      // A shallow copy (maps.Copy): inner tables stay shared, as in Helm.
      const vv: GoMap = new Map(val);
      val.forEach((_, k) => moveOrigin(origins, val, k, vv, k));
      const destv = dg.get(key);
      if (destv === undefined) dg.set(key, vv);
      else if (isTable(destv)) {
        coalesceTablesFullKey(vv, destv, concatPrefix(prefix, key), true, origins);
        dg.set(key, vv);
      } else return;
      moveOrigin(origins, sg, key, dg, key);
    } else if (isTable(dg.get(key))) return;
    else {
      dg.set(key, val);
      moveOrigin(origins, sg, key, dg, key);
    }
  });
  if (dest.get(GLOBAL) !== dg) {
    dest.set(GLOBAL, dg);
    moveOrigin(origins, src, GLOBAL, dest, GLOBAL);
  }
}

/** coalesceValues in Helm: the chart's defaults (a deep copy) under v. */
function coalesceChartValues(chart: ValuesChart, v: GoMap, prefix: string, merge: boolean, origins: Origins, last: boolean): void {
  const subPrefix = concatPrefix(prefix, chart.name);
  const vc = last && takeOwned(chart) ? chart.values : copyValue(chart.values, origins);
  vc.forEach((val, key) => {
    if (v.has(key)) {
      const value = v.get(key)!;
      if (value === null && !merge) v.delete(key);
      else if (isTable(value)) {
        if (!isTable(val)) return; // "skipped value: Not a table"
        const childMerge = chart.dependencies.some((d) => d.name === key) || merge;
        if (!childMerge && prefix !== '') cleanNilValues(val);
        coalesceTablesFullKey(value, val, concatPrefix(subPrefix, key), childMerge, origins);
      }
    } else {
      if (!merge && prefix !== '') {
        if (val === null) return;
        if (isTable(val)) cleanNilValues(val);
      }
      v.set(key, val);
      moveOrigin(origins, vc, key, v, key);
    }
  });
}

/** Whether the chart's values may be taken without a copy, this once (ValuesChart.valuesOwned). */
function takeOwned(chart: ValuesChart): boolean {
  if (!chart.valuesOwned) return false;
  chart.valuesOwned = false;
  return true;
}

/** Merges src into dst, dst winning (CoalesceTables when !merge, MergeTables when merge). */
export function coalesceTablesFullKey(dst: GoMap, src: GoMap, prefix: string, merge: boolean, origins: Origins): GoMap {
  const srcOriginalNonNil = new Set<string>();
  src.forEach((v, k) => {
    if (v !== null) srcOriginalNonNil.add(k);
  });
  dst.forEach((v, k) => {
    if (v === null) src.set(k, null);
  });
  src.forEach((val, key) => {
    const has = dst.has(key);
    const dv = dst.get(key);
    if (has && !merge && dv === null && srcOriginalNonNil.has(key)) dst.delete(key);
    else if (!has) {
      dst.set(key, val);
      moveOrigin(origins, src, key, dst, key);
    } else if (isTable(val)) {
      if (isTable(dv)) coalesceTablesFullKey(dv, val, concatPrefix(prefix, key), merge, origins);
    }
  });
  return dst;
}

/** Removes nulls, recursively, in place. */
export function cleanNilValues(m: GoMap): void {
  m.forEach((v, k) => {
    if (v === null) m.delete(k);
    else if (isTable(v)) cleanNilValues(v);
  });
}

function concatPrefix(a: string, b: string): string {
  return a === '' ? b : `${a}.${b}`;
}

/** Values.Table: the map at a dotted path, or undefined. */
export function table(values: GoMap, path: string): GoMap | undefined {
  let cur: GoMap = values;
  for (const part of path.split('.')) {
    const next = cur.get(part);
    if (!isTable(next)) return undefined;
    cur = next;
  }
  return cur;
}

/** Values.PathValue: the non-table value at a dotted path, or undefined. */
export function pathValue(values: GoMap, path: string): { value: Value } | undefined {
  const parts = path.split('.');
  const key = parts.pop()!;
  const t = parts.length ? table(values, parts.join('.')) : values;
  if (!t || !t.has(key)) return undefined;
  const v = t.get(key)!;
  return isTable(v) ? undefined : { value: v };
}
