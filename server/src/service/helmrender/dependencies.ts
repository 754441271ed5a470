// A chart's dependencies as Helm processes them before rendering (pkg/chart/v2/util/
// dependencies.go, and action.CheckDependencies):
//   - a dependency named in Chart.yaml with no chart in charts/ is missing (Helm refuses the
//     chart; here it is reported and the rest renders);
//   - each dependency takes the subchart whose name matches and whose version satisfies the
//     constraint, copied under its alias; a subchart in charts/ that no dependency names stays;
//   - `tags` and then `condition` (the first path that holds a boolean wins) enable or disable
//     each dependency, read from the values coalesced so far; disabled subcharts are dropped,
//     and the rest are processed the same way, their condition paths under their name;
//   - `import-values` then copy tables from children to parents, bottom-up: `exports.<x>` of a
//     child into the parent's top level, or a {child, parent} pair; the parent's own values win.

import type { GoMap, Origins, Value } from '../gotemplate/index';
import type { ChartMetadata, Dependency } from './chartfile';
import { coalesceTablesFullKey, coalesceValues, copyValue, mergeValues, pathValue, table, type ValuesChart } from './coalesce';
import type { LoadedChart } from './load';
import { isCompatibleRange } from './semver';

/** A chart being rendered: its loaded files, its metadata (a copy, renamed by an alias), its defaults and its enabled subcharts. */
export interface ChartNode extends ValuesChart {
  name: string;
  metadata: ChartMetadata;
  values: GoMap;
  dependencies: ChartNode[];
  loaded: LoadedChart;
}

/** The names of dependencies in Chart.yaml that charts/ lacks (Helm's CheckDependencies, on the root chart). */
export function missingDependencies(chart: LoadedChart): string[] {
  const present = new Set(chart.subcharts.map((s) => s.metadata.name));
  return chart.metadata.dependencies.filter((d) => !present.has(d.name)).map((d) => d.name);
}

/** A tree of nodes from a loaded chart, with each chart's parsed defaults. */
export function chartTree(chart: LoadedChart, defaults: (c: LoadedChart) => GoMap): ChartNode {
  return {
    name: chart.metadata.name,
    metadata: copyMetadata(chart.metadata),
    values: defaults(chart),
    dependencies: chart.subcharts.map((s) => chartTree(s, defaults)),
    loaded: chart,
  };
}

function copyMetadata(md: ChartMetadata): ChartMetadata {
  return { ...md, dependencies: md.dependencies.map((d) => ({ ...d, tags: [...d.tags], importValues: [...d.importValues] })) };
}

/** ProcessDependencies: enabled subcharts by tags and conditions, aliases, then import-values. */
export function processDependencies(root: ChartNode, userValues: GoMap, origins: Origins): void {
  processEnabled(root, userValues, '', origins);
  processImportValues(root, origins);
}

function processEnabled(c: ChartNode, v: GoMap, path: string, origins: Origins): void {
  const reqs = c.metadata.dependencies;
  if (reqs.length === 0) return;
  const kept: ChartNode[] = c.dependencies.filter((existing) => !reqs.some((req) => existing.name === req.name && isCompatibleRange(req.version, existing.metadata.version)));
  for (const req of reqs) {
    const aliased = aliasDependency(c.dependencies, req);
    if (aliased) kept.push(aliased);
    if (req.alias) req.name = req.alias;
  }
  c.dependencies = kept;
  for (const req of reqs) req.enabled = true;
  const cvals = readsOnlyTags(c, reqs) ? coalesceValues({ name: c.name, values: tagsEntry(c.values), dependencies: [] }, tagsEntry(v), origins) : coalesceValues(c, v, origins);
  processTags(reqs, cvals);
  processConditions(reqs, cvals, path);
  const removed = new Set(reqs.filter((r) => !r.enabled).map((r) => r.name));
  c.dependencies = c.dependencies.filter((d) => !removed.has(d.metadata.name));
  c.metadata.dependencies = reqs.filter((r) => !removed.has(r.name));
  for (const d of c.dependencies) processEnabled(d, cvals, `${path}${d.metadata.name}.`, origins);
}

/**
 * Whether all that this chart's processing reads of its coalesced values is their `tags`: no
 * dependency has a condition, and none of its subcharts has dependencies of its own (those would
 * read the values further down). Then only `tags` is coalesced: coalescing treats each top-level
 * key apart, and only a subchart's name or `global` is touched by the subcharts' step (a subchart
 * named `tags` takes the whole way). This spares a deep copy of the whole tree of values for each
 * subchart that depends on a library chart (bitnami's, each with `common` under a tag), which Helm
 * makes and throws away.
 */
function readsOnlyTags(c: ChartNode, reqs: readonly Dependency[]): boolean {
  return reqs.every((r) => r.condition.trim().split(',').every((part) => part === '')) && c.dependencies.every((d) => d.metadata.dependencies.length === 0 && d.name !== 'tags');
}

/** The values' `tags` entry alone (coalescing copies it). */
function tagsEntry(values: GoMap): GoMap {
  const tags = values.get('tags');
  return tags === undefined ? new Map() : new Map([['tags', tags]]);
}

/** getAliasDependency: a copy of the matching subchart, renamed to the alias. */
function aliasDependency(charts: readonly ChartNode[], dep: Dependency): ChartNode | undefined {
  const c = charts.find((ch) => ch.name === dep.name && isCompatibleRange(dep.version, ch.metadata.version));
  if (!c) return undefined;
  const metadata = copyMetadata(c.metadata);
  if (dep.alias) metadata.name = dep.alias;
  // Subcharts are copied one level deep, so two aliases of one chart do not share their processing.
  return { ...c, name: metadata.name, metadata, dependencies: c.dependencies.map((d) => ({ ...d, metadata: copyMetadata(d.metadata) })) };
}

function processTags(reqs: Dependency[], cvals: GoMap): void {
  const tags = table(cvals, 'tags');
  if (!tags) return;
  for (const r of reqs) {
    let hasTrue = false;
    let hasFalse = false;
    for (const k of r.tags) {
      const b = tags.get(k);
      if (b === true) hasTrue = true;
      else if (b === false) hasFalse = true;
    }
    r.enabled = hasTrue || !hasFalse;
  }
}

function processConditions(reqs: Dependency[], cvals: GoMap, cpath: string): void {
  for (const r of reqs) {
    for (const c of r.condition.trim().split(',')) {
      if (!c) continue;
      const found = pathValue(cvals, cpath + c);
      if (found && typeof found.value === 'boolean') {
        r.enabled = found.value;
        break;
      }
    }
  }
}

function processImportValues(c: ChartNode, origins: Origins): void {
  for (const d of c.dependencies) processImportValues(d, origins);
  const reqs = c.metadata.dependencies;
  if (reqs.length === 0) return;
  const cvals = mergeValues(c, undefined, origins);
  let b: GoMap = new Map();
  for (const r of reqs) {
    const out: Value[] = [];
    for (const iv of r.importValues) {
      let child: string;
      let parent: string;
      if (iv instanceof Map) {
        child = goString(iv.get('child'));
        parent = goString(iv.get('parent'));
      } else if (typeof iv === 'string') {
        child = `exports.${iv}`;
        parent = '.';
      } else continue;
      out.push(new Map<string, Value>([['child', child], ['parent', parent]]));
      const vv = table(cvals, `${r.name}.${child}`);
      if (!vv) continue;
      b = coalesceTablesFullKey(b, pathToMap(parent, copyValue(vv, origins)), '', true, origins);
    }
    r.importValues = out;
  }
  // cvals is this call's own (coalescing copies every chart's defaults, and the tables imported
  // into b are copies), so it becomes the chart's values as it is, as in Helm. The parent's
  // import-values read them again (and copy them); the render's last coalescing takes them.
  c.values = coalesceTablesFullKey(cvals, b, '', true, origins);
  c.valuesOwned = true;
}

/** fmt's %v of a string field of an import-values map (a missing one prints as <nil>). */
function goString(v: Value | undefined): string {
  if (v === undefined || v === null) return '<nil>';
  return typeof v === 'string' ? v : String(v);
}

function pathToMap(path: string, data: GoMap): GoMap {
  if (path === '.') return data;
  let cur: GoMap = data;
  const parts = path.split('.');
  for (let i = parts.length - 1; i >= 0; i--) cur = new Map([[parts[i]!, cur]]);
  return cur;
}
