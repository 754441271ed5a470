// One chart of the workspace rendered under one set of values (a profile), as port models: a
// model per rendered template (templateModels.ts), and the render's failures as findings where
// they stand: a template that does not parse or fails, a `required` value, a dependency missing
// from charts/, a Chart.yaml or values file Helm cannot read.

import { fileText, loadChart, renderChart, type ChartProblem, type FileMap, type Manifest, type RenderCache, type RenderedTemplate, type RenderError, type UserValues } from '../helmrender/index';
import type { FileModel, Refusal } from '../model/types';
import type { Span } from '../types';
import { inFolder } from './layout';
import { templateModel } from './templateModels';

/** A set of values a chart is rendered with: the defaults, a `ci/*.yaml` file, a user's values file. */
export interface Profile {
  /** How a finding found only under it names it: `ci/hostnetwork-values.yaml`; undefined for the defaults. */
  name?: string;
  values: UserValues;
}

export interface ChartModels {
  /** By URI: the rendered templates' models, and models holding the findings on the chart's other files. */
  models: Map<string, FileModel>;
  /** The rendered templates by URI (the last render of a URI, as Helm keeps one per name). */
  rendered: Map<string, RenderedTemplate>;
  /**
   * What a render of some templates alone (workspace: renderTemplates) needs to stand for a
   * whole one: the templates that failed for want of a missing dependency (the dependency's
   * finding counts them), and the findings that come from the chart itself (its Chart.yaml, its
   * values), not from executing a template. Absent for models made elsewhere.
   */
  unrendered?: ReadonlySet<string>;
  chartRefusals?: ReadonlySet<RefusalFinding>;
  /**
   * Which templates' executions made each of the other findings, wherever it stands (a helper's
   * failure stands in the helper's file, once for every template that includes it).
   */
  refusalSources?: ReadonlyMap<RefusalFinding, ReadonlySet<string>>;
}

/** A finding a model carries on its file (a render's failure). */
type RefusalFinding = FileModel['refusals'][number];

/** `helm template`'s defaults for what it does not know. */
const RELEASE = { name: 'release-name', namespace: 'default' };

export interface RenderModelsOptions {
  /** The URIs of the only templates to execute (see RenderOptions.only). */
  only?: ReadonlySet<string>;
  /**
   * Whether a later render may take this one's templates over (the default): a render under the
   * defaults then logs what each template reads of the values (reuse.ts) and is kept in the
   * cache. A check's render that nothing renders after (a chart with no ci/*.yaml) skips both.
   */
  reused?: boolean;
}

/** Renders the chart whose files `files` holds (chart-relative path → content) at `root`. */
export function renderChartModels(root: string, files: FileMap, profile: Profile, cache: RenderCache, options: RenderModelsOptions = {}): ChartModels {
  const { only, reused = true } = options;
  const chart = loadChart(files, { uri: (path) => inFolder(root, path), cache });
  // The chart's last render with its defaults stands for the templates that read the same values.
  const previous = cache.lastRender(root);
  const render = renderChart(chart, { release: RELEASE, values: profile.values, cache, logReads: reused, ...(previous ? { previous } : {}), ...(only ? { only } : {}) });
  if (profile.name === undefined && !only && reused) cache.keepRender(root, render.reuse?.mutated ? undefined : render);
  const models = new Map<string, FileModel>();
  const rendered = new Map<string, RenderedTemplate>();
  // A template's model as made once per rendering (cache.templateModel) is shared with the
  // renders before: a finding to add to it goes on a copy.
  const own = new Set<FileModel>();
  const modelAt = (uri: string): FileModel => {
    let model = models.get(uri);
    if (!model || !own.has(model)) {
      model = model ? { ...model, refusals: [...model.refusals] } : emptyModel(uri);
      own.add(model);
      models.set(uri, model);
    }
    return model;
  };
  const textOf = (uri: string): string => {
    const path = uri.startsWith(`${root}/`) ? uri.slice(root.length + 1) : uri;
    const content = files.get(root === '' ? uri : path);
    return content === undefined ? '' : typeof content === 'string' ? content : new TextDecoder().decode(content);
  };
  // Templates that fail because a dependency is missing say nothing about the chart: the
  // dependency's finding stands for them.
  const missing = render.problems.filter((p) => p.kind === 'missing-dependency').length > 0;
  const unrendered = new Set<string>();
  const chartRefusals = new Set<RefusalFinding>();
  const refusalSources = new Map<RefusalFinding, Set<string>>();
  const madeBy = (refusal: RefusalFinding, template: string) => {
    const sources = refusalSources.get(refusal);
    if (sources) sources.add(template);
    else refusalSources.set(refusal, new Set([template]));
  };
  const refuse = (uri: string, refusal: RefusalFinding): RefusalFinding => {
    const refusals = modelAt(uri).refusals;
    // One helper that fails fails every template that includes it: said once.
    const same = (r: typeof refusal) => r.rule === refusal.rule && r.message === refusal.message && r.span.start === refusal.span.start && r.span.end === refusal.span.end;
    const found = refusals.find(same);
    if (found) return found;
    refusals.push(refusal);
    return refusal;
  };
  const manifestsOf = new Map<string, Manifest[]>();
  for (const manifest of render.manifests) {
    const list = manifestsOf.get(manifest.template);
    if (list) list.push(manifest);
    else manifestsOf.set(manifest.template, [manifest]);
  }
  for (const template of render.templates) {
    const uri = template.file.uri;
    if (template.error) {
      if (missing && template.error.kind === 'exec') {
        unrendered.add(uri);
        continue;
      }
      const { rule, at, message } = renderErrorFinding(template.error, uri);
      madeBy(refuse(at.uri, { rule, span: visible(textOf(at.uri), at.span), message }), uri);
      continue;
    }
    if (template.notes) continue;
    rendered.set(uri, template);
    const manifests = manifestsOf.get(template.name) ?? [];
    // A template taken over from the last render unchanged (reuse.ts) has the model it had.
    const made = cache.templateModel(template, () => templateModel(template, manifests, fileText(template.file), cache));
    const kept = models.get(uri);
    for (const refusal of made.refusals) madeBy(refusal, uri);
    if (kept && kept.refusals.length > 0) {
      const model = { ...made, refusals: [...made.refusals, ...kept.refusals] };
      own.add(model);
      models.set(uri, model);
    } else models.set(uri, made);
  }
  for (const problem of render.problems) {
    const { rule, message } = problemFinding(problem, unrendered.size);
    const uri = problem.uri ?? inFolder(root, 'Chart.yaml');
    chartRefusals.add(refuse(uri, { rule, span: visible(textOf(uri), problem.span ?? { start: 0, end: 0 }), message }));
  }
  return { models, rendered, unrendered, chartRefusals, refusalSources };
}

/**
 * A span to show: one line at most (a dependency's entry spans several), and never empty (Go
 * places "unexpected EOF" past the end: the last line that holds text is shown instead).
 */
function visible(text: string, span: Span): Span {
  let { start, end } = span;
  if (end <= start) {
    while (start > 0 && /\s/.test(text[start - 1]!)) start--;
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const indent = /^[ \t]*/.exec(text.slice(lineStart))![0].length;
    return start > lineStart ? { start: lineStart + indent, end: start } : { start, end: start };
  }
  const newline = text.indexOf('\n', start);
  if (newline !== -1 && newline < end) end = newline;
  return { start, end };
}

export function emptyModel(uri: string): FileModel {
  return { uri, helm: true, parseErrors: [], workloads: [], services: [], gateways: [], serviceRefs: [], networkPolicyPorts: [], portFields: [], badProtocols: [], valueSources: [], refusals: [] };
}

/**
 * Where a render failed and what it means. A failure inside an `include`d helper is shown where
 * the helper fails (its `required`, its bad call) when that is a file of the workspace.
 */
function renderErrorFinding(error: RenderError, templateUri: string): { rule: Refusal; at: { uri: string; span: Span }; message: string } {
  if (error.kind === 'parse') {
    return { rule: 'template-error', at: { uri: error.uri ?? templateUri, span: error.span }, message: `this template does not parse, so Helm renders nothing of the chart: ${error.error.message}` };
  }
  const inner = error.innermost?.uri ? error.innermost : undefined;
  const at = inner ? { uri: inner.uri!, span: inner.span } : { uri: error.uri ?? templateUri, span: error.span };
  const message = inner?.message ?? error.error.message;
  const stop = /^error calling (required|fail): ([\s\S]*)$/.exec(message);
  if (stop?.[1] === 'required') {
    return { rule: 'template-value-required', at, message: `the chart requires a value here: "${stop[2]!.trim()}"; helm template stops until it is given, and the chart's other templates are checked` };
  }
  if (stop?.[1] === 'fail') {
    return { rule: 'template-value-required', at, message: `the chart refuses these values here: "${stop[2]!.trim()}"; the chart's other templates are checked` };
  }
  return { rule: 'template-error', at, message: `helm template fails here: ${message}` };
}

/** `unrendered`: how many templates failed for want of the chart's missing dependencies. */
function problemFinding(problem: ChartProblem, unrendered: number): { rule: Refusal; message: string } {
  if (problem.kind === 'missing-dependency') {
    const skipped = unrendered === 0 ? '' : ` (${unrendered} ${unrendered === 1 ? 'template fails' : 'templates fail'} without the missing dependencies, and ${unrendered === 1 ? 'is' : 'are'} not checked)`;
    return { rule: 'chart-dependency-missing', message: `dependency ${problem.dependency} is not in charts/ (run \`helm dependency build\`): Helm refuses to render the chart until it is; Portolan checks the rest of the chart${skipped}` };
  }
  if (problem.kind === 'values') return { rule: 'template-error', message: `Helm cannot read these values: ${problem.message}` };
  return { rule: 'template-error', message: `Helm cannot load this chart: ${problem.message}` };
}
