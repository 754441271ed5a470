// The language service for a whole workspace: the files it knows (open or on disk), their port
// models, and the answers built on them. The language server owns one of these; it hands in text
// and settings and gets offsets back. An edit re-models only the file (and, in a large file, the
// document) it changed; per-file findings are kept per model, and the cross-file rules update
// their indexes with what the file added and removed.

import { BUILTIN_CATALOGS, BUILTIN_PLATFORMS } from './catalog/builtin';
import { selectCatalogs, type Catalog } from './catalog/catalog';
import type { LoadedCatalog } from './catalog/types';
import { checkModels, compareDiagnostics, withSeverities, type FileFindings } from './check';
import { CrossFileFindings } from './crossFile';
import { codeActionsAt, type CodeAction } from './features/codeActions';
import { completeAt, type CompletionList } from './features/completion';
import { hoverAt, type Hover } from './features/hover';
import { definitionAt, referencesAt, type Location } from './features/values';
import { buildFileModel, buildFileModelIncrementally, tooLargeModel } from './model/extract';
import type { DocumentCache } from './model/documents';
import { ChartValues } from './helm/chart';
import { isHelperFile } from './helm/helpers';
import { sitesOf, type PortSite } from './model/sites';
import type { FileModel } from './model/types';
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
}

export interface WorkspaceOptions {
  /**
   * How YAML that does not parse is shown: `each` error as a parse-error where it stands (the
   * checker's way, the default), or one notice `per-document` that it is not analysed until it
   * parses (the editor's way, where the YAML extension shows the syntax; rules/parseErrors.ts).
   */
  parseErrors?: 'each' | 'per-document';
}

export class PortolanWorkspace implements WorkspaceView {
  private readonly entries = new Map<string, Entry>();
  private checked: Map<string, Diagnostic[]> | undefined;
  /** Findings of the per-file rules, by model; new whenever the catalog or the settings change. */
  private fileFindings: FileFindings = new WeakMap();
  /** The rules that relate files, kept up to date with every file's model. */
  private readonly crossFile: CrossFileFindings;
  private currentSettings: Settings;
  private currentCatalog: Catalog;
  private userCatalogs: readonly LoadedCatalog[] = [];
  /** The workspace folders' URIs, for the paths messages show. */
  private folders: readonly string[] = [];

  constructor(
    settings: Settings = defaultSettings(BUILTIN_PLATFORMS),
    userCatalogs: readonly LoadedCatalog[] = [],
    private readonly options: WorkspaceOptions = {},
  ) {
    this.currentSettings = settings;
    this.userCatalogs = userCatalogs;
    this.currentCatalog = selectCatalogs(BUILTIN_CATALOGS, settings.platforms, userCatalogs);
    this.crossFile = new CrossFileFindings((findings) => withSeverities(findings, this.currentSettings));
  }

  get settings(): Settings {
    return this.currentSettings;
  }

  get catalog(): Catalog {
    return this.currentCatalog;
  }

  configure(settings: Settings, userCatalogs: readonly LoadedCatalog[] = this.userCatalogs): void {
    if (JSON.stringify(settings.helm) !== JSON.stringify(this.currentSettings.helm)) this.templatesStale = true;
    const oldLimit = this.currentSettings.maxFileBytes;
    // Files on the other side of a new size limit are read (or refused) afresh.
    const crossing = [...this.entries.values()].filter((e) => e.file.text.length > oldLimit !== e.file.text.length > settings.maxFileBytes).map((e) => e.file);
    this.currentSettings = settings;
    this.userCatalogs = userCatalogs;
    this.currentCatalog = selectCatalogs(BUILTIN_CATALOGS, settings.platforms, userCatalogs);
    this.checked = undefined;
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
  }

  /** Adds or replaces a file (an edit, an open, a change on disk). */
  update(file: SourceFile): void {
    const previous = this.entries.get(file.uri);
    if (previous && previous.file.text === file.text && previous.file.helm === file.helm) return;
    if (file.text.length > this.currentSettings.maxFileBytes) {
      this.entries.set(file.uri, { file, model: tooLargeModel(file, this.currentSettings.maxFileBytes), generation: ++this.generations });
    } else if (file.helm) this.entries.set(file.uri, { file, model: this.modelOf(file), generation: ++this.generations });
    else {
      const { model, cache } = buildFileModelIncrementally(file, previous?.documents);
      this.entries.set(file.uri, { file, model, documents: cache, generation: ++this.generations });
    }
    this.crossFile.update(file.uri, this.entries.get(file.uri)!.model);
    if (this.mayHoldValues(file.uri)) this.templatesStale = true;
    this.checked = undefined;
  }

  remove(uri: string): void {
    if (!this.entries.delete(uri)) return;
    this.crossFile.update(uri, undefined);
    if (this.mayHoldValues(uri)) this.templatesStale = true;
    this.checked = undefined;
  }

  private generations = 0;

  /** The generation of a file's text: it changes whenever the text does (0: not in the workspace). */
  generationOf(uri: string): number {
    return this.entries.get(uri)?.generation ?? 0;
  }

  /** A values file changed: templates render differently. Rebuilt once, when next read. */
  private templatesStale = false;

  private refreshTemplates(): void {
    if (!this.templatesStale) return;
    this.templatesStale = false;
    this.chartValues = undefined;
    for (const entry of this.entries.values()) {
      if (!entry.file.helm) continue;
      entry.model = this.modelOf(entry.file);
      entry.sites = undefined;
      this.crossFile.update(entry.file.uri, entry.model);
    }
  }

  private chartValues: ChartValues | undefined;

  private modelOf(file: SourceFile): FileModel {
    if (!file.helm) return buildFileModel(file);
    this.chartValues ??= new ChartValues((uri) => this.entries.get(uri)?.file, this.currentSettings.helm, () => [...this.entries.values()].map((e) => e.file));
    return buildFileModel(file, this.chartValues.forTemplate(file.uri));
  }

  private mayHoldValues(uri: string): boolean {
    const name = uri.slice(uri.lastIndexOf('/') + 1);
    return /^values.*\.ya?ml$/.test(name) || isHelperFile(uri) || this.currentSettings.helm.valueFiles.some((f) => uri === f || uri.endsWith(`/${f}`));
  }

  has(uri: string): boolean {
    return this.entries.has(uri);
  }

  uris(): string[] {
    return [...this.entries.keys()];
  }

  file(uri: string): SourceFile | undefined {
    return this.entries.get(uri)?.file;
  }

  model(uri: string): FileModel | undefined {
    this.refreshTemplates();
    return this.entries.get(uri)?.model;
  }

  models(): FileModel[] {
    this.refreshTemplates();
    return [...this.entries.values()].map((entry) => entry.model);
  }

  sites(uri: string): PortSite[] {
    this.refreshTemplates();
    const entry = this.entries.get(uri);
    if (!entry) return [];
    entry.sites ??= sitesOf(entry.model);
    return entry.sites;
  }

  /** Every file's findings, an empty list for a file without any (so stale ones can be cleared). */
  allDiagnostics(): ReadonlyMap<string, Diagnostic[]> {
    this.refreshTemplates();
    if (!this.checked) {
      const checked = new Map<string, Diagnostic[]>([...this.entries.keys()].map((uri) => [uri, []]));
      const place = (uri: string, span: Span) => `${this.displayPath(uri)}:${this.lineOf(uri, span.start)}`;
      for (const diagnostic of checkModels(this.models(), this.currentCatalog, this.currentSettings, this.fileFindings, this.crossFile, place)) {
        checked.get(diagnostic.uri)?.push(diagnostic);
      }
      if (this.options.parseErrors === 'per-document') {
        for (const [uri, list] of checked) {
          if (list.some((d) => d.rule === 'parse-error')) checked.set(uri, parseErrorsPerDocument(list, this.entries.get(uri)!.file.text, this.currentSettings, (offset) => this.lineOf(uri, offset)));
        }
      }
      for (const list of checked.values()) if (list.length > 1) list.sort(compareDiagnostics);
      this.checked = checked;
    }
    return this.checked;
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

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}
