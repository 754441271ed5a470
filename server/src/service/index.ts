// The language service's front door: text in, findings with offsets out. No editor, no file
// system: files, catalogs and settings are handed in; callers that re-check often (the language
// server) keep the per-file models and call checkModels with them.

import { BUILTIN_CATALOGS, BUILTIN_PLATFORMS } from './catalog/builtin';
import { selectCatalogs } from './catalog/catalog';
import type { LoadedCatalog } from './catalog/types';
import { checkModels, compareDiagnostics } from './check';
import { buildFileModel, tooLargeModel } from './model/extract';
import { ChartValues } from './helm/chart';
import { defaultSettings, type Settings } from './settings';
import type { Diagnostic, SourceFile } from './types';

export { buildFileModel } from './model/extract';
export { checkModels, compareDiagnostics } from './check';
export { Catalog, duplicatePlatforms, selectCatalogs } from './catalog/catalog';
export { BUILTIN_CATALOGS, BUILTIN_PLATFORMS } from './catalog/builtin';
export { CatalogValidator, parseCatalogText, formatCatalogProblem } from './catalog/load';
export { isHelmTemplatePath } from './parse/chart';
export { DEFAULT_EXCLUDE, MAX_FILE_BYTES, isExcluded, readsFile, walksFolder } from './files';
export { PortolanWorkspace } from './workspace';
export { parseSet } from './helm/values';
export type { HelmSettings } from './helm/chart';
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

/** Checks a set of files together: cross-file collisions are found among them. */
export function checkFiles(files: readonly SourceFile[], options: CheckOptions = {}): Diagnostic[] {
  const settings = options.settings ?? defaultSettings(BUILTIN_PLATFORMS);
  const catalog = selectCatalogs(BUILTIN_CATALOGS, settings.platforms, options.userCatalogs ?? []);
  const byUri = new Map(files.map((file) => [file.uri, file]));
  const charts = new ChartValues((uri) => byUri.get(uri), settings.helm, () => files);
  return checkModels(
    files.map((file) =>
      file.text.length > settings.maxFileBytes ? tooLargeModel(file, settings.maxFileBytes) : buildFileModel(file, file.helm ? charts.forTemplate(file.uri) : undefined),
    ),
    catalog,
    settings,
    undefined,
    undefined,
    // The checker's files are named by their paths already: a place is the path and a line.
    (uri, span) => `${uri}:${lineAt(byUri.get(uri)?.text ?? '', span.start)}`,
  ).sort(compareDiagnostics);
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
