// A whole chart rendered as `helm template` renders it (Helm's action.Install with a client-only
// dry run, and pkg/engine's render):
//   1. the user's values are assembled (uservalues.ts) and every chart's values.yaml read;
//   2. dependencies missing from charts/ are reported (Helm refuses the chart; the rest renders),
//      the others processed (dependencies.ts: aliases, tags, conditions, import-values);
//   3. the values are coalesced (coalesce.ts) and each chart's templates get their scope:
//      .Values (a subchart's is its block of the parent's), .Chart, .Files, .Release,
//      .Capabilities, .Subcharts, and .Template while it renders;
//   4. all templates of the chart and its enabled subcharts are parsed into one set, deepest
//      paths first and each level in reverse name order (Helm's sortTemplates), so that a later
//      `define` wins as in Helm; a library chart contributes only its `_*` files;
//   5. every template whose name does not start with `_` is executed with missingkey=zero,
//      "<no value>" removed afterwards, and (but NOTES.txt) split into manifests.
// Helm stops at the first error; here each template's error is kept with it and the others
// still render. Nothing throws.

import { helmFunctions, helmValues, marshalYaml, type YamlReader } from '../helmfuncs/index';
import { execute, formatExecError, formatParseError, Origins, parse, removeAll, TemplateSet, type ExecError, type ExecResult, type FuncMap, type GoMap, type Origin, type ParseError, type Rendered, type Value } from '../gotemplate/index';
import type { RenderCache } from './cache';
import { chartObject } from './chartfile';
import { coalesceValues, moveOrigin } from './coalesce';
import { chartTree, missingDependencies, processDependencies, type ChartNode } from './dependencies';
import { filesObject, type ToYaml } from './files';
import { fileText, type ChartFile, type LoadedChart } from './load';
import { capabilitiesObject, releaseObject, templateObject, type CapabilitiesOptions, type ReleaseOptions } from './objects';
import { splitManifests } from './split';
import { userValues, type UserValues } from './uservalues';
import { readValues } from './yamlvalues';
import { ReadsComparison, ValuesLog, type ScopeValues, type TemplateReads } from './reuse';

/** What the renderer needs of the function library (../helmfuncs): Helm's function map for one render, and Helm's toYAML. */
export interface HelmLibrary {
  /** Go's builtins are the engine's; these are sprig's and Helm's, fresh for each render (include counts its depth per render). */
  functions: (readYaml?: YamlReader) => FuncMap;
  toYaml: ToYaml;
}

export interface RenderOptions {
  release: ReleaseOptions;
  values?: UserValues;
  capabilities?: CapabilitiesOptions;
  /** Helm's functions and toYAML: ../helmfuncs unless given. */
  library?: HelmLibrary;
  /** Helm's --strict: missingkey=error. */
  strict?: boolean;
  /** Parsed templates and values files from earlier renders (cache.ts), for a caller that renders often. */
  cache?: RenderCache;
  /**
   * Executes only the templates whose file URI this holds (an editor's edited template, when
   * nothing else it could change was edited); the others are left out of `templates` and
   * `manifests`. Every template is still parsed, so the defines are the chart's.
   */
  only?: ReadonlySet<string>;
  /**
   * An earlier render of the same chart (under other values, or before an edit of a values file)
   * whose templates stand for this render's where they read the same values (reuse.ts); its
   * templates are executed only where they do not.
   */
  previous?: ChartRender;
  /** Log what each template reads, so that this render can be a later one's `previous`. */
  logReads?: boolean;
}

/** A problem with the chart as a whole rather than one template. */
export interface ChartProblem {
  kind: 'missing-dependency' | 'chart' | 'values';
  message: string;
  /** The file it concerns (Chart.yaml for a missing dependency), when known. */
  uri?: string;
  /** For a missing dependency: its name, and the span of its entry in Chart.yaml. */
  dependency?: string;
  span?: { start: number; end: number };
}

export interface RenderError {
  kind: 'parse' | 'exec';
  /** Helm's message for it (`template: x/templates/a.yaml:3: unexpected {{end}}`, `… error calling required: …`). */
  message: string;
  /** The template (text) it happened in, and the span there. */
  template: string;
  uri?: string;
  span: { start: number; end: number };
  line: number;
  error: ExecError | ParseError;
  /**
   * Where it really failed when that is inside an `include`d helper or a `tpl` text: the
   * innermost error's template and position (a `required` in a helper fails the include that
   * called it; this names the `required`).
   */
  innermost?: { template: string; uri?: string; span: { start: number; end: number }; line: number; message: string };
}

export interface RenderedTemplate extends Rendered {
  /** Helm's name: `<chart>/templates/x.yaml`, `<chart>/charts/<sub>/templates/x.yaml`. */
  name: string;
  file: ChartFile;
  /** NOTES.txt renders but makes no manifest. */
  notes: boolean;
  error?: RenderError;
}

export interface Manifest {
  /** The template it came from (Helm's `# Source:`). */
  template: string;
  uri: string;
  text: string;
  /** Offsets of the document in the template's output (RenderedTemplate.output). */
  start: number;
  end: number;
}

export interface CrdFile {
  /** `<chart path>/crds/x.yaml`, as `helm template --include-crds` names them. */
  name: string;
  file: ChartFile;
}

export interface ChartRender {
  templates: RenderedTemplate[];
  manifests: Manifest[];
  crds: CrdFile[];
  problems: ChartProblem[];
  /** The coalesced values of the root chart, and the origins of their entries. */
  values: GoMap;
  origins: Origins;
  /** The charts that rendered (the root and its enabled subcharts, aliases applied). */
  root: ChartNode;
  /** With RenderOptions.logReads (or previous): what a later render needs to reuse this one's templates. */
  reuse?: ReuseBase;
  /** How many templates were executed, and how many taken from the previous render unexecuted. */
  executed: number;
  reused: number;
}

/** What a render leaves for a later one to reuse (reuse.ts). */
export interface ReuseBase {
  /** Everything but the values that a template's output can depend on (texts, files, release), to compare. */
  inputs: readonly unknown[];
  /** The values files and user values the render read: when they are the same, so is every value. */
  valueInputs: readonly unknown[];
  /** Each template's text, by Helm name. */
  texts: ReadonlyMap<string, string>;
  scopes: ScopeValues;
  /** What each executed (or reused) template read. */
  reads: ReadonlyMap<string, TemplateReads>;
  /** A template changed values in place: nothing of this render can be reused. */
  mutated: boolean;
  /** The render's log of reads, whose places of values a render with the same values takes over. */
  log: ValuesLog;
}

/** The function library of ../helmfuncs: sprig's functions as Helm selects them, and Helm's own. */
export const HELM_LIBRARY: HelmLibrary = { functions: helmFunctions, toYaml: marshalYaml };

/** Renders a loaded chart (load.ts). */
export function renderChart(chart: LoadedChart, options: RenderOptions): ChartRender {
  const { render, sharedValues } = renderOnce(chart, options);
  if (render.reuse?.mutated && sharedValues) {
    // The change was made to the previous render's values, which this render shared: that render
    // no longer holds the values it read, and stands for nothing any more.
    options.previous!.reuse!.mutated = true;
  }
  // A template executed now changed values in place, which templates taken from before did not
  // see: nothing can be taken over then.
  if (render.reuse?.mutated && (render.reused > 0 || sharedValues)) return renderOnce(chart, { ...options, previous: undefined, logReads: true }).render;
  return render;
}

/** A render; `sharedValues`: it used the previous render's values (sameValuesAsBefore). */
function renderOnce(chart: LoadedChart, options: RenderOptions): { render: ChartRender; sharedValues: boolean } {
  const library = options.library ?? HELM_LIBRARY;
  const shared = sameValuesAsBefore(chart, options);
  const { origins, problems, root, values } = shared ?? coalesced(chart, options);

  const scope: Scope = {
    release: releaseObject(options.release),
    capabilities: capabilitiesObject(options.capabilities),
    toYaml: library.toYaml,
  };
  const templates: Pending[] = [];
  const crds: CrdFile[] = [];
  const scopes = new Map<string, GoMap>();
  const contexts: GoMap[] = [];
  // With the values of the render before, its subcharts' copies of their blocks stand too (the
  // same entries; no template changed them, or that render would not lend its values).
  const earlierScopes = shared ? options.previous?.reuse?.scopes : undefined;
  collectTemplates(root, values, '', scope, templates, crds, origins, scopes, contexts, earlierScopes);

  const set = new TemplateSet();
  const functions = library.functions(options.cache ? (text, target) => options.cache!.readYaml(text, target) : undefined);
  const isFunction = (name: string) => functions.has(name);
  const parseErrors = new Map<string, ParseError>();
  /** Templates whose text defines templates (define, block), which any other may call. */
  const defining = new Set<string>();
  const ordered = sortTemplates(templates);
  for (const t of ordered) {
    const text = fileText(t.file);
    const parsed = options.cache ? options.cache.parse(t.file.uri, t.name, text, { isFunction }) : parse(t.name, text, { isFunction });
    // As TemplateSet.add: a text with a parse error adds nothing.
    if (parsed.error) parseErrors.set(t.name, parsed.error);
    else for (const tree of parsed.trees) set.addTree(tree);
    if (parsed.trees.length > 1) defining.add(t.name);
  }
  const rendered: RenderedTemplate[] = [];
  const manifests: Manifest[] = [];
  const logging = options.logReads === true || options.previous !== undefined;
  const log = logging ? new ValuesLog(scopes, contexts, shared ? options.previous?.reuse?.log : undefined) : undefined;
  const texts = new Map(ordered.map((t) => [t.name, fileText(t.file)]));
  const inputs = logging ? reuseInputs(chart, ordered, (name) => parseErrors.has(name) || defining.has(name), options) : [];
  const base = options.previous?.reuse;
  const valueInputs = logging ? reuseValueInputs(chart, options) : [];
  const comparison = base && !base.mutated && sameInputs(base.inputs, inputs) ? new ReadsComparison({ scopes: base.scopes, origins: options.previous!.origins }, { scopes, origins }, sameInputs(base.valueInputs, valueInputs)) : undefined;
  const earlier = comparison ? new Map(options.previous!.templates.map((t) => [t.name, t])) : undefined;
  const earlierManifests = comparison ? manifestsByTemplate(options.previous!.manifests) : undefined;
  const reads = new Map<string, TemplateReads>();
  let executed = 0;
  let reused = 0;
  for (const t of ordered) {
    if (options.only && !options.only.has(t.file.uri)) continue;
    const before = earlier?.get(t.name);
    const beforeReads = base?.reads.get(t.name);
    if (comparison && before && beforeReads && base!.texts.get(t.name) === texts.get(t.name) && comparison.same(beforeReads)) {
      rendered.push(movedOrigins(before, comparison.moved));
      reads.set(t.name, beforeReads);
      for (const m of earlierManifests!.get(t.name) ?? []) manifests.push(m);
      reused++;
      continue;
    }
    const parseError = parseErrors.get(t.name);
    // Helpers render nothing themselves; one that does not parse is reported as itself.
    if (baseName(t.name).startsWith('_') && !parseError) continue;
    const notes = t.name.endsWith('NOTES.txt');
    if (parseError) {
      rendered.push({ name: t.name, file: t.file, notes, output: '', segments: [], error: parseRenderError(parseError, t.file) });
      continue;
    }
    t.scope.set('Template', asHelmValues(templateObject(t.name, t.basePath), origins));
    log?.begin();
    const result = guardedExecute(set, t, functions, origins, options.strict ?? false, log);
    if (log) reads.set(t.name, log.end());
    executed++;
    const clean = removeAll(result, '<no value>');
    const entry: RenderedTemplate = { name: t.name, file: t.file, notes, output: clean.output, segments: clean.segments };
    if (result.error) entry.error = execRenderError(result.error, templates);
    rendered.push(entry);
    if (notes || result.error) continue;
    for (const doc of splitManifests(clean.output)) manifests.push({ template: t.name, uri: t.file.uri, text: doc.text, start: doc.start, end: doc.end });
  }
  const render: ChartRender = { templates: rendered, manifests, crds, problems, values, origins, root, executed, reused };
  if (log) render.reuse = { inputs, valueInputs, texts, scopes, reads, mutated: log.mutated, log };
  return { render, sharedValues: shared !== undefined };
}

/**
 * What a template's output depends on besides its own text and the values: the chart's other
 * files (Chart.yaml, `.Files`, crds/), the texts that define templates, the release and the
 * capabilities. Values files are left out: what a template read of them is compared instead.
 */
function reuseInputs(chart: LoadedChart, ordered: readonly Pending[], defines: (name: string) => boolean, options: RenderOptions): unknown[] {
  const inputs: unknown[] = [JSON.stringify(options.release), JSON.stringify(options.capabilities ?? {}), options.strict ?? false, options.library ?? HELM_LIBRARY];
  const files = (c: LoadedChart): void => {
    inputs.push(c.location, c.chartYaml ? fileText(c.chartYaml) : undefined);
    for (const f of [...c.files, ...c.crds]) inputs.push(f.name, f.data);
    for (const sub of c.subcharts) files(sub);
  };
  files(chart);
  // Which templates there are, and the text of each that defines templates others may include.
  for (const t of ordered) {
    inputs.push(t.name, baseName(t.name).startsWith('_') || defines(t.name) ? fileText(t.file) : '');
  }
  return inputs;
}

/** The texts of the chart's values files and the user's values (files, --set). */
function reuseValueInputs(chart: LoadedChart, options: RenderOptions): unknown[] {
  const inputs: unknown[] = [JSON.stringify(options.values ?? {})];
  const values = (c: LoadedChart): void => {
    inputs.push(c.values ? fileText(c.values) : undefined);
    for (const sub of c.subcharts) values(sub);
  };
  values(chart);
  return inputs;
}

function sameInputs(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x instanceof Uint8Array && y instanceof Uint8Array && x.length === y.length && x.every((byte, j) => byte === y[j])) continue;
    return false;
  }
  return true;
}

function manifestsByTemplate(manifests: readonly Manifest[]): Map<string, Manifest[]> {
  const by = new Map<string, Manifest[]>();
  for (const m of manifests) {
    const list = by.get(m.template);
    if (list) list.push(m);
    else by.set(m.template, [m]);
  }
  return by;
}

/** An earlier render of a template with its values' origins where they stand now. */
function movedOrigins(template: RenderedTemplate, moved: ReadonlyMap<Origin, Origin>): RenderedTemplate {
  if (moved.size === 0 || !template.segments.some((s) => s.origin && moved.has(s.origin))) return template;
  return { ...template, segments: template.segments.map((s) => (s.origin && moved.has(s.origin) ? { ...s, origin: moved.get(s.origin)! } : s)) };
}


/**
 * The values of the previous render, when this one reads the same values files and user values
 * with the same Chart.yaml and subcharts (an edit of the chart's own templates): its coalesced
 * values (which no template changed in place), their origins, the enabled subcharts and the
 * problems found on the way, instead of coalescing them again.
 */
function sameValuesAsBefore(chart: LoadedChart, options: RenderOptions): ValuesStage | undefined {
  const before = options.previous;
  const base = before?.reuse;
  if (!before || !base || base.mutated) return undefined;
  const loaded = before.root.loaded;
  if (loaded.subcharts !== chart.subcharts || loaded.chartYaml?.data !== chart.chartYaml?.data || loaded.problems.length !== chart.problems.length) return undefined;
  if (!sameInputs(base.valueInputs, reuseValueInputs(chart, options))) return undefined;
  return { origins: before.origins, problems: [...before.problems], root: { ...before.root, loaded: chart }, values: before.values };
}

interface ValuesStage {
  origins: Origins;
  problems: ChartProblem[];
  root: ChartNode;
  values: GoMap;
}

/** Helm's values for a render: the user's, each chart's defaults, dependencies processed, all coalesced. */
function coalesced(chart: LoadedChart, options: RenderOptions): ValuesStage {
  const origins = new Origins();
  const problems: ChartProblem[] = [];
  collectLoadProblems(chart, problems);

  const user = userValues(options.values ?? {}, origins);
  problems.push(...user.errors.map((message): ChartProblem => ({ kind: 'values', message })));
  const defaults = (c: LoadedChart): GoMap => {
    if (!c.values) return new Map();
    const read = options.cache ? options.cache.readValues(fileText(c.values), c.values.uri, origins) : readValues(fileText(c.values), c.values.uri, origins);
    problems.push(...read.errors.map((message): ChartProblem => ({ kind: 'values', message, uri: c.values!.uri })));
    return read.values;
  };
  const missing = missingDependencies(chart);
  const entries = missing.length > 0 ? dependencyEntries(chart, options.cache) : new Map<string, { start: number; end: number }>();
  for (const name of missing) {
    const span = entries.get(name);
    problems.push({ kind: 'missing-dependency', dependency: name, message: `found in Chart.yaml, but missing in charts/ directory: ${name}`, ...(chart.chartYaml ? { uri: chart.chartYaml.uri } : {}), ...(span ? { span } : {}) });
  }
  const root = chartTree(chart, defaults);
  processDependencies(root, user.values, origins);
  // The last coalescing of the charts' values: nothing reads them after it.
  const values = asHelmValues(coalesceValues(root, user.values, origins, true), origins);
  return { origins, problems, root, values };
}

interface Scope {
  release: GoMap;
  capabilities: Value;
  toYaml: ToYaml;
}

interface Pending {
  name: string;
  file: ChartFile;
  basePath: string;
  /** The map templates of this chart see as `.` (shared by them, as in Helm). */
  scope: GoMap;
}

/** recAllTpls: each chart's scope, and its templates under their Helm names. Returns the chart's scope (for .Subcharts). */
function collectTemplates(c: ChartNode, values: GoMap, parentPath: string, scope: Scope, out: Pending[], crds: CrdFile[], origins: Origins, scopes: Map<string, GoMap>, contexts: GoMap[], earlier: ScopeValues | undefined): GoMap {
  const isRoot = parentPath === '';
  const fullPath = isRoot ? c.name : `${parentPath}/charts/${c.name}`;
  const subcharts: GoMap = new Map();
  const next: GoMap = asHelmValues(new Map<string, Value>([
    ['Capabilities', scope.capabilities],
    ['Chart', chartObject(c.metadata, isRoot)],
    ['Files', filesObject(c.loaded.files, scope.toYaml)],
    ['Release', scope.release],
    ['Subcharts', subcharts],
    ['Values', values],
  ]), origins);
  scopes.set(fullPath, values);
  contexts.push(next);
  for (const child of c.dependencies) {
    // Values.Table gives the subchart its block as common.Values: a map of Helm's type with the
    // same entries (here a copy, so a template that mutates it does not reach the parent's).
    const block = values.get(child.name);
    const copy = earlier?.get(`${fullPath}/charts/${child.name}`) ?? asHelmValues(block instanceof Map ? block : new Map(), origins);
    subcharts.set(child.name, collectTemplates(child, copy, fullPath, scope, out, crds, origins, scopes, contexts, earlier));
  }
  const library = c.metadata.type.toLowerCase() === 'library';
  for (const t of c.loaded.templates) {
    if (library && !baseName(t.name).startsWith('_')) continue;
    out.push({ name: `${fullPath}/${t.name}`, file: t, basePath: `${fullPath}/templates`, scope: next });
  }
  for (const f of c.loaded.crds) crds.push({ name: `${fullPath}/${f.name}`, file: f });
  return next;
}

/**
 * execute() reports Go's errors as values; anything else it throws is a defect of the engine or a
 * function. It becomes this template's error, so one template cannot take the chart's render down.
 */
function guardedExecute(set: TemplateSet, t: Pending, functions: FuncMap, origins: Origins, strict: boolean, reads: ValuesLog | undefined): ExecResult {
  try {
    return execute(set, t.name, t.scope, { functions, origins, missingKey: strict ? 'error' : 'zero', ...(reads ? { reads } : {}) });
  } catch (e) {
    const error: ExecError = { message: `internal error: ${(e as Error).message}`, template: t.name, file: t.name, span: { start: 0, end: 0 }, context: '', line: 1, column: 0 };
    return { output: '', segments: [], error };
  }
}

/**
 * A map as Helm 4's common.Values, the type of `.`, `.Values` and `.Template` (`typeOf` prints it,
 * sprig's dig refuses it), with the entries' origins.
 */
function asHelmValues(m: GoMap, origins: Origins): GoMap {
  const typed = helmValues();
  // forEach: unoptimised, for…of over a Map allocates for every entry (see coalesce.ts).
  m.forEach((v, k) => {
    typed.set(k, v);
    moveOrigin(origins, m, k, typed, k);
  });
  return typed;
}

/** Helm's sortTemplates: by number of `/` descending, then by name descending. */
function sortTemplates(templates: readonly Pending[]): Pending[] {
  const depths = new Map(templates.map((t) => [t, t.name.split('/').length]));
  return [...templates].sort((a, b) => depths.get(b)! - depths.get(a)! || (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
}

function baseName(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

function parseRenderError(e: ParseError, file: ChartFile): RenderError {
  return { kind: 'parse', message: formatParseError(e), template: e.name, uri: file.uri, span: e.span, line: e.line, error: e };
}

function execRenderError(e: ExecError, templates: readonly Pending[]): RenderError {
  // The innermost error names the action that failed: inside a helper for `include`, in the text for `tpl`.
  const uriOf = (file: string) => templates.find((t) => t.name === file)?.file.uri;
  const uri = uriOf(e.file);
  const error: RenderError = { kind: 'exec', message: formatExecError(e), template: e.file, ...(uri ? { uri } : {}), span: e.span, line: e.line, error: e };
  let inner: ExecError | ParseError = e;
  while ('cause' in inner && inner.cause) inner = inner.cause;
  if (inner !== e) {
    // A tpl text is parsed under Helm's root name ("gotpl"): it has no file of its own.
    const file = 'context' in inner ? inner.file : inner.name;
    const innerUri = uriOf(file);
    error.innermost = { template: file, ...(innerUri ? { uri: innerUri } : {}), span: inner.span, line: inner.line, message: inner.message };
  }
  return error;
}

/** The span of each dependency's entry in Chart.yaml, by name (the first entry of a name). */
function dependencyEntries(chart: LoadedChart, cache: RenderCache | undefined): Map<string, { start: number; end: number }> {
  const spans = new Map<string, { start: number; end: number }>();
  if (!chart.chartYaml) return spans;
  const origins = new Origins();
  const text = fileText(chart.chartYaml);
  const { values } = cache ? cache.readValues(text, chart.chartYaml.uri, origins) : readValues(text, chart.chartYaml.uri, origins);
  const list = values.get('dependencies');
  if (!Array.isArray(list)) return spans;
  list.forEach((entry, i) => {
    const name = entry instanceof Map ? entry.get('name') : undefined;
    const origin = origins.get(list, i);
    if (typeof name === 'string' && origin && !spans.has(name)) spans.set(name, origin.span);
  });
  return spans;
}

function collectLoadProblems(chart: LoadedChart, out: ChartProblem[]): void {
  for (const message of chart.problems) out.push({ kind: 'chart', message, ...(chart.chartYaml ? { uri: chart.chartYaml.uri } : {}) });
  for (const sub of chart.subcharts) collectLoadProblems(sub, out);
}
