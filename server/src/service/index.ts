// The language service's front door: text in, findings with offsets out. No editor, no file
// system: files, catalogs and settings are handed in; callers that re-check often (the language
// server) keep the per-file models and call checkModels with them.

import { BUILTIN_PLATFORMS } from './catalog/builtin';
import type { LoadedCatalog } from './catalog/types';
import { compareDiagnostics } from './check';
import { PortolanWorkspace } from './workspace';
import { defaultSettings, type Settings } from './settings';
import type { Diagnostic, SourceFile } from './types';

export { buildFileModel } from './model/extract';
export { checkModels, compareDiagnostics } from './check';
export { Catalog, duplicatePlatforms, parsePlatformSelection, selectCatalogs } from './catalog/catalog';
export { BUILTIN_CATALOGS, BUILTIN_PLATFORMS, SELECTABLE_PLATFORMS } from './catalog/builtin';
export { CatalogValidator, parseCatalogText, formatCatalogProblem } from './catalog/load';
export { DEFAULT_EXCLUDE, MANIFEST_NAME, MAX_FILE_BYTES, chartFolders, decodeFile, inChartFolder, isExcluded, readsFile, walksFolder, type FileContent } from './files';
export { PortolanWorkspace };
export { setArgumentError, type HelmSettings } from './charts/profiles';
export { RULES, RULE_IDS } from './rules/registry';
export * from './settings';
export type * from './types';
export type { FileModel } from './model/types';
export type { LoadedCatalog, CatalogProblem } from './catalog/types';

export interface CheckOptions {
  settings?: Settings;
  /** User catalogs, already validated; they apply whatever the platform selection. */
  userCatalogs?: readonly LoadedCatalog[];
}

/** Checks a set of files together: cross-file collisions are found among them, charts are rendered. */
export function checkFiles(files: readonly SourceFile[], options: CheckOptions = {}): Diagnostic[] {
  const workspace = new PortolanWorkspace(options.settings ?? defaultSettings(BUILTIN_PLATFORMS), options.userCatalogs ?? [], { keepRenders: false });
  for (const file of files) workspace.update(file);
  return [...workspace.allDiagnostics().values()].flat().sort(compareDiagnostics);
}
