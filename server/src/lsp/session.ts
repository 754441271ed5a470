// What the language server holds between requests: the workspace (every manifest, open or on
// disk), the settings, the catalogs, and what it last published. Every answer comes from the
// language service; this keeps the service fed and the editor up to date.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Connection, Diagnostic as LspDiagnostic, TextDocuments, WorkDoneProgressReporter } from 'vscode-languageserver/node';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  BUILTIN_CATALOGS,
  BUILTIN_PLATFORMS,
  CLUSTER_FILE_NAMES,
  clusterLabel,
  clusterMarkdown,
  describeCluster,
  explainCluster,
  isClusterFileName,
  type ClusterLabels,
  SELECTABLE_PLATFORMS,
  duplicatePlatforms,
  CatalogValidator,
  PortolanWorkspace,
  isExcluded,
  type FileContent,
  settingsFromConfiguration,
  type ConfiguredSettings,
  type Diagnostic,
  type SourceFile,
} from '../service/index';
import { loadUserCatalogs } from './catalogs';
import { toLspDiagnostic } from './convert';
import { findManifests, readManifests } from './indexer';
import { Positions } from './positions';

export class Session {
  /** In the editor, a document that does not parse gets one notice: the YAML extension shows the syntax. */
  // A chart's ci/*.yaml configurations are checked once the typing pauses (schedulePending).
  readonly workspace = new PortolanWorkspace(undefined, [], { parseErrors: 'per-document', profiles: 'later' });
  readonly positions: Positions;
  private readonly validator = new CatalogValidator();
  private folders: string[] = [];
  private config: ConfiguredSettings = settingsFromConfiguration({}, BUILTIN_PLATFORMS, SELECTABLE_PLATFORMS);
  /** What was last published per uri, so only what changed is sent again. */
  private readonly published = new Map<string, { list: readonly Diagnostic[]; signature: string; generation: number }>();
  /** Catalog files with problems shown on them. */
  private catalogDiagnostics = new Map<string, LspDiagnostic[]>();
  /** Whether the editor trusts the workspace (editors without the notion always do). */
  private trusted = true;
  /** The last `portolan.*` taken, to apply again when the workspace becomes trusted. */
  private lastConfiguration: unknown = {};
  /** Whether the workspace has been read once: the cluster is told from then on. */
  private indexed = false;
  /** What was last told of the cluster (`portolan/cluster`), so it is told again only when it changes. */
  private toldCluster = '';

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    /** Where a rule's documentation lives (the README's rule table), for diagnostics' code links. */
    readonly rulesDoc: string | undefined,
  ) {
    this.positions = new Positions(
      (uri) => documents.get(uri),
      (uri) => this.workspace.file(uri)?.text,
    );
  }

  setTrusted(trusted: boolean): void {
    this.trusted = trusted;
  }

  /** The workspace is trusted now: its catalogs apply, with the settings as they are now (`raw`) when the editor can be asked. */
  async trust(raw?: unknown): Promise<void> {
    this.trusted = true;
    await this.configure(raw ?? this.lastConfiguration);
  }

  private inWorkspace(file: string): boolean {
    const folder = this.folders[0];
    const absolute = path.isAbsolute(file) || !folder ? file : path.join(folder, file);
    return this.folders.some((root) => absolute === root || absolute.startsWith(root + path.sep));
  }

  setFolders(uris: readonly string[]): void {
    this.folders = uris.filter((uri) => uri.startsWith('file:')).map((uri) => fileURLToPath(uri));
    this.workspace.setFolders(uris);
  }

  /**
   * Takes `portolan.*`, loads the user catalogs, and re-checks everything. Returns true when the
   * files to read changed (`exclude`), so the workspace must be indexed again.
   */
  async configure(raw: unknown): Promise<boolean> {
    this.lastConfiguration = raw;
    const previousExclude = JSON.stringify(this.config.exclude);
    this.config = settingsFromConfiguration(raw ?? {}, BUILTIN_PLATFORMS, SELECTABLE_PLATFORMS);
    for (const problem of this.config.problems) void this.connection.window.showWarningMessage(`Portolan: ${problem}`);
    // In a workspace the user has not trusted, VS Code withholds the workspace's own
    // `portolan.catalogs` (package.json restrictedConfigurations), so what arrives is the user's.
    // Catalog files inside the workspace are still data the user has not vouched for: they wait
    // for trust. Catalogs from elsewhere (the user's own files) apply.
    const catalogs = this.config.catalogs.filter((file) => this.trusted || !this.inWorkspace(file));
    const waiting = this.config.catalogs.filter((file) => !catalogs.includes(file));
    if (waiting.length > 0) {
      void this.connection.window.showInformationMessage(`Portolan: ${waiting.join(', ')} ${waiting.length === 1 ? 'is' : 'are'} in this workspace and will apply once it is trusted`);
    }
    const load = await loadUserCatalogs(catalogs, this.folders[0], this.validator);
    for (const message of load.messages) void this.connection.window.showErrorMessage(message);
    for (const { catalog, message } of duplicatePlatforms(BUILTIN_CATALOGS, load.catalogs)) {
      void this.connection.window.showErrorMessage(`Portolan: ${message}`);
      load.catalogs.splice(load.catalogs.indexOf(catalog), 1);
    }
    this.publishCatalogProblems(
      new Map(
        [...load.problems].map(([uri, { text, problems }]) => {
          const document = TextDocument.create(uri, 'json', 0, text);
          const range = (p: { start: number; end: number }) => ({ start: document.positionAt(p.start), end: document.positionAt(p.end) });
          return [uri, problems.map((p) => ({ range: range(p), severity: DiagnosticSeverity.Error, source: 'portolan', code: 'catalog-invalid', message: p.message }))];
        }),
      ),
    );
    // A values file named by path is a file of the first folder; a bare name is looked up in each chart.
    const folder = this.folders[0];
    const valueFiles = this.config.settings.helm.valueFiles.map((file) =>
      file.includes('/') || path.isAbsolute(file) ? pathToFileURL(path.isAbsolute(file) || !folder ? file : path.join(folder, file)).href : file,
    );
    this.workspace.configure({ ...this.config.settings, helm: { ...this.config.settings.helm, valueFiles } }, load.catalogs);
    this.publish();
    return JSON.stringify(this.config.exclude) !== previousExclude;
  }

  /** Reads every manifest of the workspace folders, with cancellable progress. */
  async index(progress: WorkDoneProgressReporter, cancelled: () => boolean): Promise<number> {
    const reporter = {
      report: (done: number, total: number) => progress.report(Math.floor((done / Math.max(total, 1)) * 100), `${done}/${total} files`),
      isCancelled: cancelled,
    };
    const paths = await findManifests(this.folders, this.config.exclude, reporter);
    // Files read before and now left out (or gone) go; open documents stay, the editor holds them.
    const found = new Set(paths.map((p) => pathToFileURL(p).href));
    for (const uri of this.workspace.uris()) if (!found.has(uri) && !this.documents.get(uri)) this.workspace.remove(uri);
    const files = await readManifests(paths, reporter);
    const read: SourceFile[] = [];
    for (const file of files) {
      const uri = pathToFileURL(file.path).href;
      // The cluster file is no manifest.
      if (this.isClusterFile(uri)) continue;
      if (!this.documents.get(uri)) read.push(this.source(uri, file));
    }
    this.workspace.updateAll(read);
    await this.readClusterFile();
    this.indexed = true;
    this.publish();
    return files.length;
  }

  /** Is this a cluster file's name at the root of the first workspace folder (whichever of the names is read)? */
  isClusterFile(uri: string): boolean {
    const file = this.pathOf(uri);
    const folder = this.folders[0];
    return file !== undefined && folder !== undefined && path.dirname(file) === folder && isClusterFileName(path.basename(file));
  }

  /**
   * Reads the cluster file at the root of the first workspace folder: the first of
   * `.portolan.json`, `.portolan.yaml`, `.portolan.yml` there, an open document's text over the
   * disk's. The workspace gets none when there is none.
   */
  async readClusterFile(): Promise<void> {
    const folder = this.folders[0];
    for (const name of folder === undefined ? [] : CLUSTER_FILE_NAMES) {
      const file = path.join(folder!, name);
      const uri = pathToFileURL(file).href;
      const open = this.documents.get(uri);
      if (open) return this.workspace.setClusterFile({ uri, text: open.getText() });
      try {
        return this.workspace.setClusterFile({ uri, text: await readFile(file, 'utf8') });
      } catch {
        // Not there: the next name.
      }
    }
    this.workspace.setClusterFile(undefined);
  }

  /** An open document changed (or opened): the editor's text wins over the disk's. */
  documentChanged(document: TextDocument): void {
    if (this.isClusterFile(document.uri)) {
      // The one read (the first name present) takes the editor's text; another name waits its turn.
      if (this.workspace.clusterFileUri === document.uri || this.workspace.clusterFileUri === undefined) this.workspace.setClusterFile({ uri: document.uri, text: document.getText() });
      this.publish(document);
      return;
    }
    this.workspace.update(this.source(document.uri, { text: document.getText() }));
    this.publish(document);
  }

  /** A document closed: what is on disk counts again (if it is a manifest we index). */
  async documentClosed(uri: string, readDisk: (file: string) => Promise<FileContent | undefined>): Promise<void> {
    if (this.isClusterFile(uri)) {
      await this.readClusterFile();
      this.publish();
      return;
    }
    const file = this.pathOf(uri);
    const content = file && !this.excluded(file) ? await readDisk(file) : undefined;
    if (content === undefined) this.workspace.remove(uri);
    else this.workspace.update(this.source(uri, content));
    this.publish();
  }

  /** A file changed on disk (created, changed or deleted), and no editor holds it open. */
  async fileChanged(uri: string, content: FileContent | undefined): Promise<void> {
    const file = this.pathOf(uri);
    if (this.documents.get(uri)) return;
    if (this.isClusterFile(uri)) return this.readClusterFile();
    if (content === undefined || (file && this.excluded(file))) this.workspace.remove(uri);
    else this.workspace.update(this.source(uri, content));
  }

  /**
   * Sends the diagnostics of every file whose findings changed, and clears those of files gone.
   * The document just edited always gets its diagnostics, with its version: the editor then
   * knows they are current. Only what changed is converted and sent, so a keystroke in a large
   * workspace costs what it touches.
   */
  publish(edited?: TextDocument): void {
    this.publishNow(edited);
    this.schedulePending();
  }

  private pendingTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * The charts' further configurations (ci/*.yaml) are rendered once the edits pause, not on
   * every keystroke; their findings follow in a second publication.
   */
  private schedulePending(): void {
    if (this.pendingTimer) clearTimeout(this.pendingTimer);
    this.pendingTimer = undefined;
    if (!this.workspace.profilesPending) return;
    this.pendingTimer = setTimeout(() => {
      this.pendingTimer = undefined;
      if (this.workspace.settleProfiles()) this.publishNow();
    }, PROFILE_DELAY_MS);
  }

  private publishNow(edited?: TextDocument): void {
    const all = this.workspace.allDiagnostics();
    // The document being typed in first: its findings are what the user waits for. A file
    // without findings is not listed: the edited document is told it has none, with its version.
    if (edited) {
      const list = all.get(edited.uri);
      if (list) this.send(edited.uri, list, this.signatureOf(edited.uri, list), edited.version);
      else void this.connection.sendDiagnostics({ uri: edited.uri, version: edited.version, diagnostics: [] });
    }
    // Only the files whose findings or text changed since the last publication are looked at.
    const changed = this.workspace.takeChangedFiles();
    for (const uri of changed === 'all' ? all.keys() : changed) {
      const list = all.get(uri);
      if (uri === edited?.uri || !list) continue;
      const previous = this.published.get(uri);
      if (previous && sameElements(previous.list, list) && previous.generation === this.workspace.generationOf(uri)) continue;
      const signature = this.signatureOf(uri, list);
      if (previous ? previous.signature === signature : list.length === 0) {
        if (previous) previous.list = list;
        continue;
      }
      this.send(uri, list, signature);
    }
    // What other files showed before and no longer has findings is cleared.
    for (const uri of changed === 'all' ? [...this.published.keys()] : changed) {
      if (all.has(uri) || !this.published.has(uri)) continue;
      if (uri !== edited?.uri) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
      this.published.delete(uri);
      this.positions.forget(uri);
    }
    if (this.indexed) this.tellCluster();
  }

  /** Sends a file's findings (with the document's version when it is the one edited). */
  private send(uri: string, list: Diagnostic[], signature: string, version?: number): void {
    const diagnostics = list.map((d) => toLspDiagnostic(d, this.positions, this.rulesDoc));
    void this.connection.sendDiagnostics(version === undefined ? { uri, diagnostics } : { uri, version, diagnostics });
    this.published.set(uri, { list, signature, generation: this.workspace.generationOf(uri) });
  }

  /**
   * Tells the editor the cluster the checks assume when it changed: a `portolan/cluster`
   * notification (the VS Code client's status bar shows it) and lines in the log.
   */
  private tellCluster(): void {
    const cluster = this.workspace.cluster;
    const fileUri = this.workspace.clusterFileUri;
    const labels: ClusterLabels = {
      platforms: 'portolan.platforms',
      settings: 'portolan.cluster',
      path: (uri) => this.workspace.displayPath(uri),
      ...(fileUri !== undefined ? { file: path.basename(this.pathOf(fileUri) ?? fileUri) } : {}),
    };
    const problems = fileUri === undefined ? 0 : this.workspace.diagnostics(fileUri).length;
    const notification: ClusterNotification = {
      label: clusterLabel(cluster),
      tooltip: clusterMarkdown(cluster, labels),
      components: cluster.components.map(({ platform, title, kind, version }) => ({ platform, title, ...(kind !== undefined ? { kind } : {}), ...(version !== undefined ? { version } : {}) })),
      ...(fileUri !== undefined ? { file: fileUri } : {}),
      problems,
    };
    const told = JSON.stringify(notification);
    if (told === this.toldCluster) return;
    this.toldCluster = told;
    this.connection.console.info(`Portolan assumes the cluster: ${describeCluster(cluster, labels)}${problems > 0 ? ` (the cluster file has ${problems} problem${problems === 1 ? '' : 's'})` : ''}\n${explainCluster(cluster, labels).join('\n')}`);
    void this.connection.sendNotification('portolan/cluster', notification);
  }

  /** What a file's diagnostics say, and the versions of the texts their positions are in. */
  private signatureOf(uri: string, list: readonly Diagnostic[]): string {
    const at = (u: string, span: { start: number; end: number }) => `${u}@${this.workspace.generationOf(u)}:${span.start}-${span.end}`;
    return list.map((d) => `${d.rule}|${d.severity}|${at(uri, d.span)}|${d.message}|${d.related.map((r) => at(r.uri, r.span)).join(',')}`).join('\n');
  }

  /** Shows a broken user catalog's problems on the catalog file itself, and clears fixed ones. */
  private publishCatalogProblems(problems: Map<string, LspDiagnostic[]>): void {
    for (const uri of this.catalogDiagnostics.keys()) if (!problems.has(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    for (const [uri, diagnostics] of problems) void this.connection.sendDiagnostics({ uri, diagnostics });
    this.catalogDiagnostics = problems;
  }

  pathOf(uri: string): string | undefined {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  }

  private excluded(file: string): boolean {
    const folder = this.folders.find((f) => file.startsWith(f + path.sep));
    return folder !== undefined && isExcluded(path.relative(folder, file), this.config.exclude);
  }

  /** A file for the service: whether it is a chart's template, the service tells from the chart's layout. */
  private source(uri: string, content: FileContent): SourceFile {
    return content.bytes ? { uri, text: content.text, bytes: content.bytes } : { uri, text: content.text };
  }
}

/** What `portolan/cluster` tells the editor: the cluster the checks assume. */
export interface ClusterNotification {
  /** A short label: `kubernetes + calico (detected)`. */
  label: string;
  /** Markdown: each component, its catalog and why it applies. */
  tooltip: string;
  components: { platform: string; title: string; kind?: string; version?: string }[];
  /** The cluster file's uri, when there is one. */
  file?: string;
  /** How many problems the cluster file has. */
  problems: number;
}

/** How long the edits must pause before a chart's further configurations are checked. */
const PROFILE_DELAY_MS = 300;

function sameElements<T>(a: readonly T[], b: readonly T[]): boolean {
  return a === b || (a.length === b.length && a.every((item, i) => item === b[i]));
}
