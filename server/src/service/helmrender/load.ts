// A chart loaded from its files, as Helm's loader does (pkg/chart/loader: LoadDir, LoadFiles,
// LoadArchive), from a map of chart-relative paths to bytes or text that the caller read:
//   - the root chart's .helmignore applies to every path under it, subchart folders included (a
//     subchart folder's own .helmignore is not read, nor are archives filtered: Helm does neither);
//   - Chart.yaml is the metadata (a v1 chart's requirements.yaml adds its dependencies);
//   - values.yaml the defaults; values.schema.json is kept aside; Chart.lock is not a file;
//   - templates/ the templates (NOTES.txt and `_*` helpers among them);
//   - charts/<name>/… a subchart folder, charts/<name>.tgz a packaged one; names starting with
//     `_` or `.` are skipped;
//   - everything else (crds/, README, ci/, files/…) is a file `.Files` can read; crds/ are
//     also the chart's CRDs (plain YAML, never rendered).
// A UTF-8 byte-order mark is dropped from every file. Nothing throws: what Helm would refuse is
// a problem on the chart, and as much as can be read is kept.

import { readChartArchive, stripBom } from './archive';
import type { RenderCache } from './cache';
import { emptyMetadata, readChartYaml, type ChartMetadata } from './chartfile';
import { isIgnored, parseHelmignore } from './helmignore';

/** One file of a chart. */
export interface ChartFile {
  /** Chart-relative path: `templates/deployment.yaml`. */
  name: string;
  data: Uint8Array;
  /** Where it came from, for origins and messages: the caller's URI, or `<archive>!/<name>` inside an archive. */
  uri: string;
  /** `data` as text, when already read (fileText). */
  text?: string;
}

export interface LoadedChart {
  metadata: ChartMetadata;
  /** Chart.yaml's text and URI (for findings on it). */
  chartYaml?: ChartFile;
  /** values.yaml, if there is one. */
  values?: ChartFile;
  schema?: ChartFile;
  templates: ChartFile[];
  /** What `.Files` sees: every file that is not Chart.yaml, values.yaml, the schema, a template or under charts/. */
  files: ChartFile[];
  /** crds/ files (also among `files`, as in Helm). */
  crds: ChartFile[];
  /** Subcharts found in charts/, in path order. */
  subcharts: LoadedChart[];
  /** Where this chart is, relative to the root chart (`charts/common-2.31.10.tgz`); '' for the root. */
  location: string;
  problems: string[];
}

export type FileMap = ReadonlyMap<string, Uint8Array | string>;

export interface LoadOptions {
  /** Turns a chart-relative path of the root chart into the caller's URI; the path itself by default. */
  uri?: (path: string) => string;
  /** Unpacked archives from earlier loads (cache.ts). */
  cache?: RenderCache;
}

/** Loads a chart from its files (a folder's content, as paths relative to the chart's root). */
export function loadChart(files: FileMap, options: LoadOptions = {}): LoadedChart {
  const uri = options.uri ?? ((p: string) => p);
  const bytes = new Map<string, Uint8Array>();
  const cache = options.cache;
  for (const [path, content] of files) {
    const name = normalise(path);
    bytes.set(name, typeof content === 'string' ? (cache ? cache.encode(uri(name), content) : stripBom(new TextEncoder().encode(content))) : stripBom(content));
  }
  if (!cache) return loadFolder(bytes, uri, '', undefined);
  // Loaded again with the same files, or with only the chart's own values.yaml or templates
  // changed (a keystroke there): the last load stands, with the new texts of those files. A
  // loaded chart is never changed by a render.
  const key = uri('Chart.yaml');
  const last = cache.lastLoad(key);
  const changed = last ? changedFiles(last.bytes, bytes) : undefined;
  const chart = last && changed ? withChanged(last.chart, changed, bytes, (name, data) => ({ name, data, uri: uri(name), text: cache.text(data) })) : undefined;
  if (chart === last?.chart && chart) return chart;
  const loaded = chart ?? loadFolder(bytes, uri, '', cache);
  cache.keepLoad(key, { bytes, chart: loaded });
  return loaded;
}

/** The paths whose content differs between two loads' files; undefined when a file came or went. */
function changedFiles(before: ReadonlyMap<string, Uint8Array>, after: ReadonlyMap<string, Uint8Array>): string[] | undefined {
  if (before.size !== after.size) return undefined;
  const changed: string[] = [];
  for (const [path, data] of after) {
    const old = before.get(path);
    if (old === undefined) return undefined;
    if (old !== data) changed.push(path);
  }
  return changed;
}

/** The last load with new texts of its values.yaml and templates; undefined when anything else changed. */
function withChanged(chart: LoadedChart, changed: readonly string[], bytes: ReadonlyMap<string, Uint8Array>, file: (name: string, data: Uint8Array) => ChartFile): LoadedChart | undefined {
  if (changed.length === 0) return chart;
  let next = chart;
  for (const path of changed) {
    const data = bytes.get(path)!;
    if (path === 'values.yaml' && next.values) next = { ...next, values: file(path, data) };
    else if (path.startsWith('templates/') && next.templates.some((t) => t.name === path)) next = { ...next, templates: next.templates.map((t) => (t.name === path ? file(path, data) : t)) };
    else return undefined;
  }
  return next;
}

function normalise(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\.\//, '');
}

const decoder = new TextDecoder();

/** A file's text, as Go's string(data): invalid UTF-8 becomes U+FFFD when printed. */
export function fileText(f: ChartFile): string {
  return f.text ?? decoder.decode(f.data);
}

function loadFolder(all: Map<string, Uint8Array>, uri: (p: string) => string, location: string, cache: RenderCache | undefined): LoadedChart {
  const problems: string[] = [];
  const ignore = all.get('.helmignore');
  const rules = ignore ? parseHelmignore(decoder.decode(ignore)) : parseHelmignore('');
  problems.push(...rules.errors);
  const kept = new Map<string, Uint8Array>();
  for (const [path, data] of [...all].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) if (!isIgnored(rules.rules, path)) kept.set(path, data);
  return loadFiles(kept, uri, location, problems, cache);
}

function loadArchive(data: Uint8Array, archiveUri: string, location: string, cache: RenderCache | undefined): LoadedChart {
  const read = cache ? cache.readArchive(archiveUri, data) : readChartArchive(data);
  return loadFiles(read.files, (p) => `${archiveUri}!/${p}`, location, read.errors.map((e) => `${location}: ${e}`), cache);
}

/** LoadFiles: sorts files into their roles, then loads the subcharts. */
function loadFiles(files: Map<string, Uint8Array>, uri: (p: string) => string, location: string, problems: string[], cache: RenderCache | undefined): LoadedChart {
  const file = (name: string, data: Uint8Array): ChartFile => (cache ? { name, data, uri: uri(name), text: cache.text(data) } : { name, data, uri: uri(name) });
  const chart: LoadedChart = { metadata: emptyMetadata(), templates: [], files: [], crds: [], subcharts: [], location, problems };
  const subchartFiles = new Map<string, Map<string, Uint8Array>>();
  let sawChartYaml = false;
  let requirements: ChartFile | undefined;
  let requirementsLock: ChartFile | undefined;
  for (const [name, data] of files) {
    if (name === 'Chart.yaml') {
      sawChartYaml = true;
      chart.chartYaml = file(name, data);
      const read = readChartYaml(decoder.decode(data));
      chart.metadata = read.metadata;
      problems.push(...read.errors.map((e) => `${where(location, name)}: ${e}`));
    } else if (name === 'values.yaml') chart.values = file(name, data);
    else if (name === 'values.schema.json') chart.schema = file(name, data);
    // The lock files are the chart's own business, never .Files (but a v1 chart's requirements.lock).
    else if (name === 'Chart.lock') continue;
    else if (name === 'requirements.lock') requirementsLock = file(name, data);
    else if (name === 'requirements.yaml') requirements = file(name, data);
    else if (name.startsWith('templates/')) chart.templates.push(file(name, data));
    else if (name.startsWith('charts/') && !name.endsWith('.prov')) {
      const rest = name.slice('charts/'.length);
      const sub = rest.split('/', 1)[0]!;
      if (!subchartFiles.has(sub)) subchartFiles.set(sub, new Map());
      subchartFiles.get(sub)!.set(rest, data);
    } else {
      const f = file(name, data);
      chart.files.push(f);
      if (name.startsWith('crds/')) chart.crds.push(f);
    }
  }
  if (!sawChartYaml) problems.push(`${where(location, 'Chart.yaml')}: Chart.yaml file is missing`);
  if (requirements) {
    // Helm 2's requirements.yaml: read over the metadata; a v1 chart also keeps it as a file.
    const read = readChartYaml(decoder.decode(requirements.data), chart.metadata);
    chart.metadata.dependencies = read.metadata.dependencies;
    if (chart.metadata.apiVersion === 'v1') chart.files.push(requirements);
  }
  if (requirementsLock && chart.metadata.apiVersion === 'v1') chart.files.push(requirementsLock);
  if (sawChartYaml && !chart.metadata.name) problems.push(`${where(location, 'Chart.yaml')}: validation: chart.metadata.name is required`);
  for (const [sub, subFiles] of subchartFiles) {
    if (/^[_.]/.test(sub)) continue;
    const subLocation = where(location, `charts/${sub}`);
    if (sub.endsWith('.tgz')) {
      const data = subFiles.get(sub);
      if (!data) continue;
      chart.subcharts.push(loadArchive(data, uri(`charts/${sub}`), subLocation, cache));
    } else {
      const inner = new Map<string, Uint8Array>();
      for (const [path, data] of subFiles) {
        const slash = path.indexOf('/');
        if (slash > 0) inner.set(path.slice(slash + 1), data);
      }
      // The root's .helmignore already applied to these paths; Helm reads no .helmignore of a subchart folder.
      chart.subcharts.push(loadFiles(inner, (p) => uri(`charts/${sub}/${p}`), subLocation, [], cache));
    }
  }
  return chart;
}

function where(location: string, name: string): string {
  return location ? `${location}/${name}` : name;
}
