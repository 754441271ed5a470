// The language service for a whole workspace: the files it knows (open or on disk), their port
// models, and the answers built on them. The language server owns one of these; it hands in text
// and settings and gets offsets back. An edit re-models only the file (and, in a large file, the
// document) it changed; per-file findings are kept per model, and the cross-file rules update
// their indexes with what the file added and removed.

import { BUILTIN_CATALOGS, BUILTIN_PLATFORMS } from './catalog/builtin';
import { selectCatalogs, type Catalog } from './catalog/catalog';
import { compareVersions, parseVersion } from './catalog/versions';
import { composeCluster, type Cluster } from './cluster/compose';
import { ClusterValidator } from './cluster/description';
import { nodeAgentsOf, type NodeAgent } from './cluster/detect';
import { parseClusterFile, type ClusterFileResult } from './cluster/file';
import type { LoadedCatalog } from './catalog/types';
import { checkModels, compareDiagnostics, fileDiagnostics, onValuesKeysOf, withSeverities, type FileFindings } from './check';
import { CrossFileFindings } from './crossFile';
import { codeActionsAt, type CodeAction } from './features/codeActions';
import { completeAt, type CompletionList } from './features/completion';
import { hoverAt, type Hover } from './features/hover';
import { definitionAt, referencesAt, type Location } from './features/values';
import { buildFileModelIncrementally, tooLargeModel } from './model/extract';
import type { DocumentCache } from './model/documents';
import { ChartLayout, relativeTo } from './charts/layout';
import { profilesOf } from './charts/profiles';
import type { ChartJob, ChartJobResult } from './charts/jobs';
import { emptyModel, renderChartModels, type ChartModels, type Profile } from './charts/renderModels';
import { RenderCache, type FileMap, type RenderedTemplate } from './helmrender/index';
import { sitesOf, type PortSite } from './model/sites';
import type { FileModel } from './model/types';
import { Gathering } from './gather';
import { displayPath } from './paths';
import { parseErrorsPerDocument } from './rules/parseErrors';
import { defaultSettings, type Settings } from './settings';
import type { Diagnostic, SourceFile, Span } from './types';

interface Entry {
  file: SourceFile;
  model: FileModel;
  /** The models of its documents, for re-modelling only what an edit touched. */
  documents?: DocumentCache;
  /** Increases with every new text, so a caller can tell whether positions moved. */
  generation: number;
  /** Built on first use: most files are never hovered. */
  sites?: PortSite[];
  /** The top-level chart it belongs to (its model then comes from the chart's render, or it is a CRD). */
  chart?: string;
  lineStarts?: number[];
}

/** What the feature providers may read; they change nothing. */
export interface WorkspaceView {
  readonly settings: Settings;
  readonly catalog: Catalog;
  models(): FileModel[];
  file(uri: string): SourceFile | undefined;
  model(uri: string): FileModel | undefined;
  sites(uri: string): PortSite[];
  diagnostics(uri: string): Diagnostic[];
  /** 1-based line of an offset, for "web.yaml:12" in hovers. */
  lineOf(uri: string, offset: number): number;
  /** How messages name a file: its path in the workspace folder (`templates/a.yaml`), never a URI. */
  displayPath(uri: string): string;
  /** A chart template's rendering with the chart's defaults, for what its actions printed. */
  rendered(uri: string): RenderedTemplate | undefined;
}

export interface WorkspaceOptions {
  /**
   * How YAML that does not parse is shown: `each` error as a parse-error where it stands (the
   * checker's way, the default), or one notice `per-document` that it is not analysed until it
   * parses (the editor's way, where the YAML extension shows the syntax; rules/parseErrors.ts).
   */
  parseErrors?: 'each' | 'per-document';
  /**
   * When a chart's further configurations (ci/*.yaml) are checked: `at-once` with every check
   * (the checker's way, the default), or `later`, when the caller asks (settleProfiles), so that
   * a keystroke renders the chart once; the editor's way. Meanwhile their findings on files that
   * have not changed since are kept.
   */
  profiles?: 'at-once' | 'later';
  /**
   * Whether a chart's rendered templates are kept for hovers on actions and for re-rendering one
   * edited template (the editor's way, the default). A one-off check (the checker) keeps only the
   * models, which spares memory and the collector.
   */
  keepRenders?: boolean;
}

const NO_FINDINGS: readonly Diagnostic[] = [];

export class PortolanWorkspace implements WorkspaceView {
  private readonly entries = new Map<string, Entry>();
  private checked: Map<string, Diagnostic[]> | undefined;
  /** Findings of the per-file rules, by model; new whenever the catalog or the settings change. */
  private fileFindings: FileFindings = new WeakMap();
  /** The rules that relate files, kept up to date with every file's model. */
  private readonly crossFile: CrossFileFindings;
  /** The settings as configured, and as they apply to the cluster assumed (see refreshCluster). */
  private configuredSettings: Settings;
  private currentSettings: Settings;
  private currentCatalog: Catalog;
  private userCatalogs: readonly LoadedCatalog[] = [];
  /** The cluster assumed, and what its catalog was built from. */
  private currentCluster!: Cluster;
  private clusterKey = '';
  /** The cluster file at the workspace root, if there is one, parsed. */
  private clusterFile: { file: SourceFile; result: ClusterFileResult } | undefined;
  private clusterValidator: ClusterValidator | undefined;
  /** The node agents catalogs recognise, per model. */
  private agents: WeakMap<FileModel, NodeAgent[]> = new WeakMap();
  /** Counts what can change the cluster (files, settings, the cluster file); the cluster is composed again when it moved. */
  private clusterInputs = 0;
  private clusterComposedAt = -1;
  /** The workspace folders' URIs, for the paths messages show. */
  private folders: readonly string[] = [];

  constructor(
    settings: Settings = defaultSettings(BUILTIN_PLATFORMS),
    userCatalogs: readonly LoadedCatalog[] = [],
    private readonly options: WorkspaceOptions = {},
  ) {
    this.configuredSettings = settings;
    this.currentSettings = settings;
    this.userCatalogs = userCatalogs;
    this.currentCatalog = selectCatalogs(BUILTIN_CATALOGS, settings.platforms, userCatalogs);
    this.crossFile = new CrossFileFindings((findings) => withSeverities(findings, this.currentSettings));
  }

  get settings(): Settings {
    this.refreshCluster();
    return this.currentSettings;
  }

  get catalog(): Catalog {
    this.refreshCluster();
    return this.currentCatalog;
  }

  /** The cluster the checks assume: each component with why it is there. */
  get cluster(): Cluster {
    this.refreshCluster();
    return this.currentCluster;
  }

  /**
   * The cluster file at the workspace root (`.portolan.json`, `.portolan.yaml`), or undefined when
   * there is none. Its description wins over the settings' field by field; its problems are
   * findings on it (cluster-file-invalid).
   */
  setClusterFile(file: SourceFile | undefined): void {
    if (file === undefined ? this.clusterFile === undefined : this.clusterFile?.file.uri === file.uri && this.clusterFile.file.text === file.text) return;
    if (file === undefined) this.clusterFile = undefined;
    else {
      this.clusterValidator ??= new ClusterValidator(BUILTIN_CATALOGS);
      this.clusterFile = { file, result: parseClusterFile(file, this.clusterValidator) };
    }
    this.clusterInputs++;
    this.checked = undefined;
    this.gathering = undefined;
  }

  /** The cluster file's uri, if the workspace has one. */
  get clusterFileUri(): string | undefined {
    return this.clusterFile?.file.uri;
  }

  /**
   * Composes the cluster from the settings, the cluster file and the node agents of the models,
   * and rebuilds the catalog when the cluster changed. Cheap when nothing did: each model's node
   * agents are found once.
   */
  private refreshCluster(): void {
    this.refreshCharts();
    if (!this.agentsMoved() && this.clusterComposedAt === this.clusterInputs) return;
    this.clusterComposedAt = this.clusterInputs;
    const agents: NodeAgent[] = [];
    for (const model of this.models()) for (const agent of this.agentsOf(model)) agents.push(agent);
    const settings = this.configuredSettings;
    const cluster = composeCluster({
      catalogs: BUILTIN_CATALOGS,
      settings: settings.cluster ?? {},
      ...(this.clusterFile ? { file: this.clusterFile.result.description } : {}),
      platforms: settings.platforms,
      defaultPlatforms: BUILTIN_PLATFORMS,
      agents,
      kgatewayPortMapping: settings.kgatewayPortMapping,
    });
    this.currentCluster = cluster;
    const key = JSON.stringify([cluster.platforms, cluster.versions]);
    if (key === this.clusterKey) return;
    this.clusterKey = key;
    this.currentSettings = { ...settings, kgatewayPortMapping: kgatewayMapping(cluster.versions.kgateway, settings.kgatewayPortMapping) };
    this.currentCatalog = selectCatalogs(BUILTIN_CATALOGS, cluster.platforms, this.userCatalogs, cluster.versions);
    this.checked = undefined;
    this.gathering = undefined;
    this.fileFindings = new WeakMap();
    this.crossFile.resetSeverities((findings) => withSeverities(findings, this.currentSettings));
    this.profileFindings.clear();
    for (const root of this.layout.roots()) this.staleProfiles.add(root);
  }

  private agentsOf(model: FileModel): NodeAgent[] {
    let found = this.agents.get(model);
    if (!found) {
      found = model.workloads.length === 0 ? [] : nodeAgentsOf(model, BUILTIN_CATALOGS);
      this.agents.set(model, found);
    }
    return found;
  }

  /**
   * Whether a model that changed since the last call has node agents, or had: only then can the
   * cluster differ (a keystroke in a Service does not compose it again).
   */
  private agentsMoved(): boolean {
    let moved = false;
    for (const uri of this.agentsStale) {
      const model = this.entries.get(uri)?.model ?? this.archived.get(uri);
      const has = model !== undefined && this.agentsOf(model).length > 0;
      if (has || this.withAgents.has(uri)) moved = true;
      if (has) this.withAgents.add(uri);
      else this.withAgents.delete(uri);
    }
    this.agentsStale.clear();
    return moved;
  }

  /** Files whose models changed since agentsMoved() looked, and the files whose models have node agents. */
  private readonly agentsStale = new Set<string>();
  private readonly withAgents = new Set<string>();

  configure(settings: Settings, userCatalogs: readonly LoadedCatalog[] = this.userCatalogs): void {
    if (JSON.stringify(settings.helm) !== JSON.stringify(this.currentSettings.helm)) for (const root of this.layout.roots()) this.markStale(root);
    this.profileFindings.clear();
    for (const root of this.layout.roots()) this.staleProfiles.add(root);
    const oldLimit = this.currentSettings.maxFileBytes;
    // Files on the other side of a new size limit are read (or refused) afresh.
    const crossing = [...this.entries.values()].filter((e) => e.file.text.length > oldLimit !== e.file.text.length > settings.maxFileBytes).map((e) => e.file);
    this.configuredSettings = settings;
    this.currentSettings = settings;
    this.userCatalogs = userCatalogs;
    // The catalog is composed afresh at the next read (refreshCluster).
    this.clusterKey = '';
    this.clusterInputs++;
    this.checked = undefined;
    this.gathering = undefined;
    this.fileFindings = new WeakMap();
    this.crossFile.resetSeverities((findings) => withSeverities(findings, this.currentSettings));
    for (const file of crossing) {
      this.entries.delete(file.uri);
      this.update(file);
    }
  }

  /** The editor's workspace folders (URIs): messages name files by their path inside them. */
  setFolders(uris: readonly string[]): void {
    this.folders = [...uris];
    this.checked = undefined;
    this.gathering = undefined;
  }

  /**
   * Adds or replaces many files (a folder read at the start): each Chart.yaml first, so that the
   * chart's other files are placed in it as they come. In path order a chart's Chart.lock and
   * CHANGELOG.md come before its Chart.yaml, and were modelled as plain files, then again.
   */
  updateAll(files: Iterable<SourceFile>): void {
    for (const file of this.updateChartYamls(files)) this.update(file);
  }

  /** Adds the Chart.yaml files among `files`; returns the others, in their order. */
  private updateChartYamls(files: Iterable<SourceFile>): SourceFile[] {
    const rest: SourceFile[] = [];
    for (const file of files) {
      if (isChartYaml(file.uri)) this.update(file);
      else rest.push(file);
    }
    return rest;
  }

  /**
   * updateAll in two steps, for a caller that renders the charts elsewhere meanwhile (the
   * checker's workers): now what chartJobs() reads (the Chart.yaml files, every file under a
   * chart, the values files the settings name); the files outside every chart when the returned
   * function is called. Those never make a chart stale, so jobs taken in between stand.
   */
  updateChartsFirst(files: Iterable<SourceFile>): () => void {
    const later: SourceFile[] = [];
    for (const file of this.updateChartYamls(files)) {
      if (this.layout.rootOf(file.uri) === undefined && !this.namedValuesFile(file.uri)) later.push(file);
      else this.update(file);
    }
    return () => {
      for (const file of later) this.update(file);
    };
  }

  /** Adds or replaces a file (an edit, an open, a change on disk). */
  update(file: SourceFile): void {
    const previous = this.entries.get(file.uri);
    if (previous && previous.file.text === file.text && previous.file.bytes === file.bytes) return;
    // A new file may be where findings already found are shown: all are shown afresh.
    if (!previous) this.gathering = undefined;
    else if (this.changedFiles !== 'all') this.changedFiles.add(file.uri);
    if (!previous && isChartYaml(file.uri)) {
      // Files that come after it are placed in the chart at once; those before, at the next read.
      this.layout.add(file.uri);
      this.layoutStale = true;
    }
    const chart = this.layout.rootOf(file.uri);
    if (!previous || previous.chart !== chart) this.members = undefined;
    if (chart !== undefined && this.layout.roleOf(file.uri, chart) !== 'crd') {
      // Its model comes with the chart's next render.
      this.entries.set(file.uri, { file, model: previous?.chart === chart ? previous.model : emptyModel(file.uri), generation: ++this.generations, chart });
      this.markStale(chart, previous?.chart === chart && editsOnlyItself(file.uri, previous.file.text, file.text) ? file.uri : undefined);
      this.checked = undefined;
      return;
    }
    if (file.text.length > this.currentSettings.maxFileBytes) {
      this.entries.set(file.uri, { file, model: tooLargeModel(file, this.currentSettings.maxFileBytes), generation: ++this.generations, chart });
    } else {
      const { model, cache } = buildFileModelIncrementally({ uri: file.uri, text: file.text }, previous?.documents);
      this.entries.set(file.uri, { file, model, documents: cache, generation: ++this.generations, chart });
    }
    if (chart !== undefined) this.markStale(chart);
    // A values file the settings name, outside any chart, feeds every chart.
    else if (this.namedValuesFile(file.uri)) for (const root of this.layout.roots()) this.markStale(root);
    this.modelChanged(file.uri, this.entries.get(file.uri)!.model);
    this.checked = undefined;
  }

  remove(uri: string): void {
    const entry = this.entries.get(uri);
    if (!entry) return;
    this.clusterInputs++;
    this.entries.delete(uri);
    this.gathering = undefined;
    this.members = undefined;
    if (isChartYaml(uri)) this.layoutStale = true;
    if (entry.chart !== undefined) this.markStale(entry.chart);
    else if (this.namedValuesFile(uri)) for (const root of this.layout.roots()) this.markStale(root);
    this.modelChanged(uri, undefined);
    this.checked = undefined;
  }

  private generations = 0;

  /** Whether a file is one of the values files the settings name (`portolan.helm.valuesFiles`). */
  private namedValuesFile(uri: string): boolean {
    return this.currentSettings.helm.valueFiles.some((name) => uri === name || uri.endsWith(`/${name}`));
  }

  /** The generation of a file's text: it changes whenever the text does (0: not in the workspace). */
  generationOf(uri: string): number {
    return this.entries.get(uri)?.generation ?? 0;
  }

  /** Where the charts are; recomputed when a Chart.yaml comes or goes. */
  private layout = new ChartLayout([]);
  private layoutStale = false;
  /** Charts whose files changed since they were last rendered. */
  private readonly staleCharts = new Map<string, Set<string> | 'all'>();

  /**
   * A chart must render again: wholly, or (`template`) only for an edit of one template that can
   * change nothing but its own output (see editsOnlyItself).
   */
  private markStale(root: string, template?: string): void {
    // Renders made elsewhere were of the files as they were.
    this.adopted.delete(root);
    this.staleSince.set(root, ++this.staleMarks);
    const stale = this.staleCharts.get(root);
    if (template === undefined || stale === 'all') this.staleCharts.set(root, 'all');
    else if (stale) stale.add(template);
    else this.staleCharts.set(root, this.chartRenders.has(root) ? new Set([template]) : 'all');
  }
  /** Each chart's render with its defaults. */
  private readonly chartRenders = new Map<string, ChartModels>();
  /** Models of templates inside packaged subcharts (`charts/x.tgz!/templates/a.yaml`), which are not files of the workspace. */
  private readonly archived = new Map<string, FileModel>();
  /** Parsed templates and values, kept between renders. */
  private readonly renderCache = new RenderCache();
  /** What each chart's further profiles (ci/*.yaml) add to its findings, with the generation of each file when they were found. */
  private readonly profileFindings = new Map<string, { found: Diagnostic[]; generations: Map<string, number> }>();
  /** Charts whose further profiles have not been checked since they changed. */
  private readonly staleProfiles = new Set<string>();

  /** Models of charts rendered elsewhere (adoptRenders), by root: each profile's, in profilesOf's order. */
  private readonly adopted = new Map<string, Map<string, FileModel>[]>();
  /** When each chart last became stale (a count of markStale calls): the stamp of its jobs. */
  private readonly staleSince = new Map<string, number>();
  private staleMarks = 0;

  /**
   * The renders the next check needs, as jobs that can run elsewhere (the checker's worker
   * threads): each chart that is to render, with its files and profiles (only the defaults when
   * profiles wait for settleProfiles). Give the results to adoptRenders.
   */
  chartJobs(): ChartJob[] {
    if (this.layoutStale) this.relayout();
    const jobs: ChartJob[] = [];
    for (const [root, stale] of this.staleCharts) {
      const members = this.membersOf(root);
      if (stale !== 'all' || !members.includes(`${root === '' ? '' : `${root}/`}Chart.yaml`)) continue;
      const profiles = profilesOf(root, members, (uri) => this.entries.get(uri)?.file.text, this.currentSettings.helm);
      jobs.push({ root, files: this.chartFiles(root, members), profiles: this.options.profiles === 'later' ? profiles.slice(0, 1) : profiles, stamp: this.staleSince.get(root) ?? 0 });
    }
    return jobs;
  }

  /**
   * Takes renders made from chartJobs(): a chart whose files change before its render is needed
   * renders here again. Each is taken in at once (its files given their models, and the node
   * agents of those found), so that a caller handing results over as they come (the checker,
   * while its workers render the others) leaves less for the check at the end.
   */
  adoptRenders(results: Iterable<ChartJobResult>): void {
    for (const { root, stamp, models } of results) {
      if (this.staleCharts.get(root) !== 'all' || (this.staleSince.get(root) ?? 0) !== stamp) continue;
      this.adopted.set(root, models);
      if (this.layoutStale) continue;
      this.refreshChart(root, 'all');
      for (const model of models[0]?.values() ?? []) this.agentsOf(model);
    }
  }

  /** A chart's models under the profile at `index` of profilesOf: adopted, or rendered here. */
  private chartModels(root: string, files: FileMap, profiles: Profile[], index: number): ChartModels {
    const adopted = this.adopted.get(root)?.[index];
    if (adopted) return { models: adopted, rendered: new Map() };
    // A one-off check renders a chart with no further profiles once: nothing takes it over.
    const reused = this.options.keepRenders !== false || profiles.length > 1;
    return renderChartModels(root, files, profiles[index]!, this.renderCache, { reused });
  }

  /** Renders the charts whose files changed, and gives their files the models the render makes. */
  private refreshCharts(): void {
    if (this.layoutStale) this.relayout();
    for (const [root, stale] of [...this.staleCharts]) this.refreshChart(root, stale);
  }

  /** Gives a stale chart's files the models of its render (one taken over, or made here). */
  private refreshChart(root: string, stale: Set<string> | 'all'): void {
    this.staleCharts.delete(root);
    this.staleProfiles.add(root);
    if (stale === 'all' || !this.renderTemplates(root, stale)) this.renderChart(root);
  }

  /** A Chart.yaml came or went: which files belong to which chart may have changed. */
  private relayout(): void {
    this.layoutStale = false;
    // Charts that came or went: their profiles' findings with them.
    this.gathering = undefined;
    const before = this.layout;
    this.layout = new ChartLayout(this.entries.keys());
    for (const root of before.roots()) this.markStale(root);
    for (const [uri, entry] of this.entries) {
      const chart = this.layout.rootOf(uri);
      if (chart !== undefined) this.markStale(chart);
      if (chart === entry.chart) continue;
      // Out of a chart, or into one: modelled afresh.
      this.entries.delete(uri);
      this.update(entry.file);
    }
    // Files re-added above were placed with the new layout already.
    this.layoutStale = false;
    for (const uri of this.archived.keys()) {
      if (this.layout.rootOf(uri) !== undefined) continue;
      this.archived.delete(uri);
      this.modelChanged(uri, undefined);
    }
  }

  /**
   * Renders again only the edited templates, keeping the rest of the chart's last render (a
   * keystroke in a large chart). False when that cannot stand for a whole render: the render
   * failed somewhere else than in those templates.
   */
  private renderTemplates(root: string, templates: ReadonlySet<string>): boolean {
    const before = this.chartRenders.get(root);
    if (!before) return false;
    const members = this.membersOf(root);
    const profile = profilesOf(root, members, (uri) => this.entries.get(uri)?.file.text, this.currentSettings.helm)[0]!;
    const render = renderChartModels(root, this.chartFiles(root, members), profile, this.renderCache, { only: templates });
    // A failure of the edited templates outside them (a helper that fails for them), now or
    // before, is the whole chart's business. What other templates' executions found stays as it
    // was found, and so do the chart's own problems (a missing dependency, values Helm cannot
    // read), so long as the edited templates fail for want of a dependency as they did before
    // (the dependency's finding counts them).
    const elsewhere = ({ models, chartRefusals, refusalSources }: ChartModels) =>
      !chartRefusals ||
      !refusalSources ||
      [...models].some(
        ([uri, model]) =>
          !templates.has(uri) &&
          model.refusals.some((refusal) => {
            if (chartRefusals.has(refusal)) return false;
            const sources = refusalSources.get(refusal);
            return !sources || [...sources].some((source) => templates.has(source));
          }),
      );
    const unrenderedAsBefore = [...templates].every((uri) => render.unrendered?.has(uri) === before.unrendered?.has(uri));
    if (elsewhere(render) || elsewhere(before) || !unrenderedAsBefore) return false;
    for (const uri of templates) {
      const entry = this.entries.get(uri);
      const model = render.models.get(uri) ?? emptyModel(uri);
      before.models.set(uri, model);
      const rendered = render.rendered.get(uri);
      if (rendered) before.rendered.set(uri, rendered);
      else before.rendered.delete(uri);
      if (!entry) continue;
      entry.model = model;
      entry.sites = undefined;
      this.modelChanged(uri, model);
    }
    return true;
  }

  private renderChart(root: string): void {
    const members = this.membersOf(root);
    const before = this.chartRenders.get(root);
    const render = members.some((uri) => uri === `${root === '' ? '' : `${root}/`}Chart.yaml`)
      ? this.chartModels(root, this.chartFiles(root, members), profilesOf(root, members, (uri) => this.entries.get(uri)?.file.text, this.currentSettings.helm), 0)
      : { models: new Map<string, FileModel>(), rendered: new Map() };
    if (this.options.keepRenders === false) render.rendered.clear();
    this.chartRenders.set(root, render);
    for (const uri of members) {
      const entry = this.entries.get(uri)!;
      if (this.layout.roleOf(uri, root) === 'crd') continue;
      const model = render.models.get(uri) ?? emptyModel(uri);
      // A template the render took over unchanged has the very model it had: nothing to redo.
      if (entry.model === model) continue;
      entry.model = model;
      entry.sites = undefined;
      this.modelChanged(uri, model);
    }
    for (const [uri, model] of render.models) {
      if (this.entries.has(uri) || this.archived.get(uri) === model) continue;
      this.archived.set(uri, model);
      this.modelChanged(uri, model);
    }
    for (const uri of before?.models.keys() ?? []) {
      if (!this.entries.has(uri) && !render.models.has(uri)) {
        this.archived.delete(uri);
        this.modelChanged(uri, undefined);
      }
    }
  }

  /** The files of a chart: every file of the workspace under its folder. */
  private membersOf(root: string): readonly string[] {
    if (!this.members) {
      this.members = new Map();
      for (const entry of this.entries.values()) {
        if (entry.chart === undefined) continue;
        const list = this.members.get(entry.chart);
        if (list) list.push(entry.file.uri);
        else this.members.set(entry.chart, [entry.file.uri]);
      }
    }
    return this.members.get(root) ?? [];
  }

  /** The files of each chart, by its root: worked out again when a file comes, goes or changes chart. */
  private members: Map<string, string[]> | undefined;

  private chartFiles(root: string, members: readonly string[]): Map<string, Uint8Array | string> {
    return new Map(members.map((uri) => {
      const file = this.entries.get(uri)!.file;
      return [relativeTo(root, uri), file.bytes ?? file.text];
    }));
  }

  /**
   * What the chart's further profiles find that its defaults do not: each such finding once,
   * naming the profiles it appears under. The chart is checked alone under each profile (a
   * profile is another installation of it, not a neighbour of the workspace's other files).
   */
  private profileExtras(root: string, place: (uri: string, span: Span) => string): Diagnostic[] {
    if (this.staleProfiles.has(root) && this.options.profiles !== 'later') this.checkProfiles(root, place);
    const kept = this.profileFindings.get(root);
    if (!kept) return [];
    // Until they are checked again, findings stay on the files that have not changed since.
    return kept.found.filter((d) => kept.generations.get(d.uri) === this.generationOf(d.uri));
  }

  /** Whether some chart's further profiles wait to be checked (see WorkspaceOptions.profiles). */
  get profilesPending(): boolean {
    this.refreshCharts();
    const roots = new Set(this.layout.roots());
    return [...this.staleProfiles].some((root) => roots.has(root));
  }

  /** Checks the further profiles of the charts that changed; true when something was checked. */
  settleProfiles(): boolean {
    this.refreshCluster();
    const current = new Set(this.layout.roots());
    const roots = [...this.staleProfiles].filter((root) => current.has(root));
    for (const root of roots) this.checkProfiles(root, (uri, span) => (uri.includes('!/') ? archivedPath(uri) : `${this.displayPath(uri)}:${this.lineOf(uri, span.start)}`));
    this.staleProfiles.clear();
    if (roots.length > 0) this.checked = undefined;
    return roots.length > 0;
  }

  private checkProfiles(root: string, place: (uri: string, span: Span) => string): void {
    this.staleProfiles.delete(root);
    const members = this.membersOf(root);
    const profiles = profilesOf(root, members, (uri) => this.entries.get(uri)?.file.text, this.currentSettings.helm);
    const extras: Diagnostic[] = [];
    if (profiles.length > 1) {
      const defaults = this.chartRenders.get(root);
      // Per-file findings by model, as the workspace's: a template a profile's render takes over
      // unchanged keeps its very model, and with it the findings already found on it.
      const chartAlone = (models: Iterable<FileModel>) => checkModels([...models], this.currentCatalog, this.currentSettings, this.fileFindings, undefined, place);
      const key = (d: Diagnostic) => `${d.rule}|${d.uri}|${d.span.start}|${d.span.end}|${d.message}`;
      const known = new Set(chartAlone(this.chartModelsOf(root, defaults)).map(key));
      const found = new Map<string, { diagnostic: Diagnostic; profiles: string[] }>();
      const files = this.chartFiles(root, members);
      for (const [index, profile] of profiles.entries()) {
        if (index === 0) continue;
        const render = this.chartModels(root, files, profiles, index);
        for (const diagnostic of chartAlone(this.chartModelsOf(root, render))) {
          const k = key(diagnostic);
          if (known.has(k)) continue;
          const entry = found.get(k);
          if (entry) {
            if (!entry.profiles.includes(profile.name!)) entry.profiles.push(profile.name!);
          } else found.set(k, { diagnostic, profiles: [profile.name!] });
        }
      }
      for (const { diagnostic, profiles: names } of found.values()) extras.push({ ...diagnostic, message: `${diagnostic.message} (with ${names.join(', ')})` });
    }
    const generations = new Map(extras.flatMap((d) => [d.uri, ...d.related.map((r) => r.uri)]).map((uri) => [uri, this.generationOf(uri)]));
    this.profileFindings.set(root, { found: extras, generations });
    this.adopted.delete(root);
    // A checker is done with the chart: its render is no longer a base for others (helmrender/reuse.ts).
    if (this.options.keepRenders === false) this.renderCache.keepRender(root, undefined);
  }

  /** A chart's models under one render: its rendered templates and the files findings land on, and its CRDs. */
  private chartModelsOf(root: string, render: ChartModels | undefined): FileModel[] {
    const models = new Map(render?.models ?? []);
    for (const uri of this.membersOf(root)) if (this.layout.roleOf(uri, root) === 'crd') models.set(uri, this.entries.get(uri)!.model);
    return [...models.values()];
  }

  rendered(uri: string): RenderedTemplate | undefined {
    this.refreshCharts();
    const chart = this.entries.get(uri)?.chart;
    return chart === undefined ? undefined : this.chartRenders.get(chart)?.rendered.get(uri);
  }

  has(uri: string): boolean {
    return this.entries.has(uri);
  }

  uris(): string[] {
    return [...this.entries.keys()];
  }

  file(uri: string): SourceFile | undefined {
    return this.entries.get(uri)?.file ?? (this.clusterFile?.file.uri === uri ? this.clusterFile.file : undefined);
  }

  model(uri: string): FileModel | undefined {
    this.refreshCharts();
    return this.entries.get(uri)?.model;
  }

  models(): FileModel[] {
    this.refreshCharts();
    return [...[...this.entries.values()].map((entry) => entry.model), ...this.archived.values()];
  }

  sites(uri: string): PortSite[] {
    this.refreshCharts();
    const entry = this.entries.get(uri);
    if (!entry) return [];
    entry.sites ??= sitesOf(entry.model);
    return entry.sites;
  }

  /** The findings of every file that has some (see gather). */
  allDiagnostics(): ReadonlyMap<string, Diagnostic[]> {
    this.refreshCluster();
    if (!this.checked) this.checked = this.gather();
    return this.checked;
  }

  /**
   * The findings by file (see Gathering): from scratch after what changes how every finding is
   * found or shown (settings, catalogs, folders, files that come or go), else only from what
   * changed since the last gathering (models, cross-file groups).
   */
  private gather(): Map<string, Diagnostic[]> {
    this.refreshCharts();
    const place = (uri: string, span: Span) => (uri.includes('!/') ? archivedPath(uri) : `${this.displayPath(uri)}:${this.lineOf(uri, span.start)}`);
    let gathering = this.gathering;
    let models: Iterable<string>;
    let groups: [unknown, readonly Diagnostic[]][];
    if (!gathering) {
      gathering = this.gathering = this.newGathering();
      this.changedFiles = 'all';
      models = [...this.entries.keys(), ...this.archived.keys()];
      groups = this.crossFile.groups();
      if (this.clusterFile && this.clusterFile.result.problems.length > 0) {
        const { file, result } = this.clusterFile;
        gathering.set('cluster file', withSeverities(result.problems.map((problem) => ({ rule: 'cluster-file-invalid' as const, uri: file.uri, span: problem.span, message: problem.message, related: [] })), this.currentSettings), false);
      }
    } else {
      models = [...this.changedModels];
      groups = this.crossFile.changedGroups();
    }
    this.changedModels.clear();
    const modelOf = (uri: string) => this.entries.get(uri)?.model ?? this.archived.get(uri);
    const remodelled = new Set(models);
    for (const uri of remodelled) {
      const model = modelOf(uri);
      gathering.set(`file\0${uri}`, model ? fileDiagnostics(model, this.currentCatalog, this.currentSettings, this.fileFindings) : NO_FINDINGS);
    }
    for (const [group, list] of groups) gathering.set(group, list);
    // Findings a chart's values decided land on the values keys too (checkModels): again for the
    // templates whose findings or model changed.
    const mirrorsDue = gathering.takeTouched();
    for (const uri of remodelled) mirrorsDue.add(uri);
    for (const uri of mirrorsDue) {
      const model = modelOf(uri);
      const mirrored = model && model.valueSources.length > 0 ? gathering.findingsOn(uri).flatMap((diagnostic) => onValuesKeysOf(model, diagnostic, place)) : NO_FINDINGS;
      gathering.set(`values keys\0${uri}`, mirrored, false);
    }
    for (const root of this.layout.roots()) gathering.set(`profiles\0${root}`, this.profileExtras(root, place), false);
    const gathered = gathering.gathered();
    const listedAgain = gathering.takeListedAgain();
    const changed = this.changedFiles;
    if (changed !== 'all') for (const uri of listedAgain) changed.add(uri);
    return gathered;
  }

  /**
   * The files whose findings (as allDiagnostics() lists them) or whose text changed since the
   * last call, or 'all' when any may have: what a caller that shows findings (the server) must
   * look at again.
   */
  takeChangedFiles(): ReadonlySet<string> | 'all' {
    this.allDiagnostics();
    const changed = this.changedFiles;
    this.changedFiles = new Set();
    return changed;
  }

  /** See takeChangedFiles. */
  private changedFiles: Set<string> | 'all' = 'all';

  private newGathering(): Gathering {
    const clusterFile = this.clusterFile?.file.uri;
    return new Gathering(
      (diagnostic) => {
        const at = this.inArchive(diagnostic);
        return at.uri === clusterFile || this.entries.has(at.uri) ? at : undefined;
      },
      (uri, found) => {
        const entry = this.entries.get(uri);
        const list = this.options.parseErrors === 'per-document' && entry && found.some((d) => d.rule === 'parse-error') ? parseErrorsPerDocument(found, entry.file.text, this.currentSettings, (offset) => this.lineOf(uri, offset)) : found;
        // In one order whatever order they were gathered in: by place, then by rule and message.
        if (list.length > 1) list.sort((a, b) => compareDiagnostics(a, b) || a.span.end - b.span.end || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
        return list;
      },
    );
  }

  /** The gathering of the findings, kept from one read to the next; undefined: gathered afresh at the next. */
  private gathering: Gathering | undefined;
  /** Files whose models changed since the last gathering. */
  private readonly changedModels = new Set<string>();

  /** A file has a new model (undefined: none any more): the cross-file rules and the next gathering hear of it. */
  private modelChanged(uri: string, model: FileModel | undefined): void {
    this.crossFile.update(uri, model);
    this.changedModels.add(uri);
    this.agentsStale.add(uri);
  }

  /**
   * A finding in a template of a packaged subchart (`charts/redis.tgz!/templates/a.yaml`) is shown
   * on the archive, naming the template: the archive is the file the user has.
   */
  private inArchive(diagnostic: Diagnostic): Diagnostic {
    const related = diagnostic.related.some((r) => r.uri.includes('!/')) ? diagnostic.related.map((r) => (r.uri.includes('!/') ? { ...r, uri: archiveOf(r.uri), span: { start: 0, end: 0 }, message: `${archivedPath(r.uri)}: ${r.message}` } : r)) : diagnostic.related;
    if (!diagnostic.uri.includes('!/')) return related === diagnostic.related ? diagnostic : { ...diagnostic, related };
    return { ...diagnostic, uri: archiveOf(diagnostic.uri), span: { start: 0, end: 0 }, message: `${archivedPath(diagnostic.uri)}: ${diagnostic.message}`, related };
  }

  diagnostics(uri: string): Diagnostic[] {
    return this.allDiagnostics().get(uri) ?? [];
  }

  lineOf(uri: string, offset: number): number {
    const entry = this.entries.get(uri);
    if (!entry) return 1;
    entry.lineStarts ??= lineStarts(entry.file.text);
    const starts = entry.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  displayPath(uri: string): string {
    return displayPath(uri, this.folders, (folder) => this.entries.has(`${folder}/Chart.yaml`));
  }

  hover(uri: string, offset: number): Hover | undefined {
    return hoverAt(this, uri, offset);
  }

  complete(uri: string, offset: number): CompletionList | undefined {
    return completeAt(this, uri, offset);
  }

  codeActions(uri: string, span: Span): CodeAction[] {
    return codeActionsAt(this, uri, span);
  }

  /** From a template's `.Values.x` to the values key that sets it. */
  definition(uri: string, offset: number): Location[] {
    return definitionAt(this, uri, offset);
  }

  /** From a values key (or a template action) to every template action that prints it. */
  references(uri: string, offset: number): Location[] {
    return referencesAt(this, uri, offset);
  }
}

/**
 * Whether an edit of a chart file can change no output but its own: a template (not a `_`
 * helper) that defines no named template before or after. Its own output is all that differs.
 */
function editsOnlyItself(uri: string, before: string, after: string): boolean {
  const name = uri.slice(uri.lastIndexOf('/') + 1);
  const defines = /\{\{-?\s*(?:define|block)\b/;
  return uri.includes('/templates/') && !name.startsWith('_') && !name.endsWith('NOTES.txt') && !defines.test(before) && !defines.test(after);
}

function isChartYaml(uri: string): boolean {
  return uri === 'Chart.yaml' || uri.endsWith('/Chart.yaml');
}

function archiveOf(uri: string): string {
  return uri.slice(0, uri.indexOf('!/'));
}

/** A template inside a packaged subchart, named for messages: `redis/templates/master.yaml in charts/redis-1.2.3.tgz`. */
function archivedPath(uri: string): string {
  const archive = archiveOf(uri);
  return `${uri.slice(archive.length + 2)} in ${archive.slice(archive.lastIndexOf('/charts/') + 1)}`;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * How kgateway maps listener ports for the version assumed: v2.0.x added 8000 to ports below
 * 1024. A version named wins over the older setting; without one, the setting holds.
 */
function kgatewayMapping(version: string | undefined, setting: Settings['kgatewayPortMapping']): Settings['kgatewayPortMapping'] {
  const parsed = version === undefined ? undefined : parseVersion(version);
  if (!parsed) return setting;
  return compareVersions(parsed, [2, 1, 0]) < 0 ? 'v2.0' : 'current';
}
