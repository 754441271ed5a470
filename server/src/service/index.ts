// The language service's front door: text in, findings with offsets out. No editor, no file
// system: files, catalogs and settings are handed in; callers that re-check often (the language
// server) keep the per-file models and call checkModels with them.

import { BUILTIN_PLATFORMS } from './catalog/builtin';
import type { LoadedCatalog } from './catalog/types';
import { compareDiagnostics } from './check';
import { PortolanWorkspace } from './workspace';
import { defaultSettings, type Settings } from './settings';
import type { Diagnostic, SourceFile } from './types';
import type { Cluster } from './cluster/compose';
import type { ChartJob, ChartJobResult } from './charts/jobs';

export { buildFileModel } from './model/extract';
export { checkModels, compareDiagnostics } from './check';
export { Catalog, duplicatePlatforms, parsePlatformSelection, selectCatalogs } from './catalog/catalog';
export { BUILTIN_CATALOGS, BUILTIN_PLATFORMS, SELECTABLE_PLATFORMS } from './catalog/builtin';
export { CatalogValidator, parseCatalogText, formatCatalogProblem } from './catalog/load';
export { DEFAULT_EXCLUDE, MANIFEST_NAME, MAX_FILE_BYTES, chartFolders, decodeFile, inChartFolder, isExcluded, readsFile, sourceFileOf, walksFolder, type FileContent } from './files';
export { PortolanWorkspace };
export { setArgumentError, type HelmSettings } from './charts/profiles';
export { runChartJob, chartJobWeight, type ChartJob, type ChartJobResult } from './charts/jobs';
export { ParseLibrary } from './helmrender/index';
export { RULES, RULE_IDS } from './rules/registry';
export * from './settings';
export type * from './types';
export type { FileModel } from './model/types';
export type { LoadedCatalog, CatalogProblem } from './catalog/types';
export { DEFAULT_DISTRIBUTION, clusterLabel, clusterMarkdown, componentName, composeCluster, describeCluster, explainCluster, mergeDescriptions, reasonText, type Cluster, type ClusterComponent, type ClusterLabels, type ClusterReason } from './cluster/compose';
export { ClusterValidator, type ClusterDescription } from './cluster/description';
export { CLUSTER_FILE_NAMES, isClusterFileName, parseClusterFile } from './cluster/file';
export { clusterSchema } from './cluster/schema';
export { ALIASES, namesFor } from './cluster/vocabulary';

export interface CheckOptions {
  settings?: Settings;
  /** User catalogs, already validated; they apply whatever the platform selection. */
  userCatalogs?: readonly LoadedCatalog[];
  /** The cluster file (`.portolan.json`, `.portolan.yaml`); it is not checked as a manifest even when among the files. */
  clusterFile?: SourceFile;
}

export interface CheckResult {
  diagnostics: Diagnostic[];
  /** The cluster the check assumed. */
  cluster: Cluster;
}

/** Checks a set of files together: cross-file collisions are found among them, charts are rendered. */
export function checkFiles(files: readonly SourceFile[], options: CheckOptions = {}): Diagnostic[] {
  return checkWorkspace(files, options).diagnostics;
}

/** checkFiles, with the cluster the check assumed. */
export function checkWorkspace(files: readonly SourceFile[], options: CheckOptions = {}): CheckResult {
  return new WorkspaceCheck(files, options).result();
}

/**
 * A check of a set of files in steps, for a caller that renders the charts elsewhere (the
 * checker, on worker threads): take chartJobs(), run them with runChartJob, model the files
 * outside the charts meanwhile (modelPlainFiles), hand the results to adoptRenders(), then read
 * result(). A chart whose result is missing renders here.
 */
export class WorkspaceCheck {
  private readonly workspace: PortolanWorkspace;
  private modelRest: (() => void) | undefined;

  constructor(files: readonly SourceFile[], options: CheckOptions = {}) {
    this.workspace = new PortolanWorkspace(options.settings ?? defaultSettings(BUILTIN_PLATFORMS), options.userCatalogs ?? [], { keepRenders: false });
    this.workspace.setClusterFile(options.clusterFile);
    this.modelRest = this.workspace.updateChartsFirst(files.filter((file) => file.uri !== options.clusterFile?.uri));
  }

  chartJobs(): ChartJob[] {
    return this.workspace.chartJobs();
  }

  /** Models the files outside every chart, if not done yet: the jobs taken before stand. */
  modelPlainFiles(): void {
    this.modelRest?.();
    this.modelRest = undefined;
  }

  adoptRenders(results: Iterable<ChartJobResult>): void {
    this.workspace.adoptRenders(results);
  }

  result(): CheckResult {
    this.modelPlainFiles();
    return { diagnostics: [...this.workspace.allDiagnostics().values()].flat().sort(compareDiagnostics), cluster: this.workspace.cluster };
  }
}
