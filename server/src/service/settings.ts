// The settings that shape a check, one typed path from the editor's configuration or the command
// line to the rules. Passed into every call; never stored.

import { DEFAULT_EXCLUDE } from './files';
import { SEVERITY_SETTINGS, type RuleId, type SeveritySetting } from './types';
import { RULES } from './rules/registry';
import { setArgumentError, type HelmSettings } from './charts/profiles';
import { parsePlatformSelection } from './catalog/catalog';
import { BUILTIN_CATALOGS } from './catalog/builtin';
import { ClusterValidator, type ClusterDescription } from './cluster/description';

/**
 * How kgateway maps a Gateway listener port to the port its proxy binds: `current` binds the
 * listener port itself; `v2.0` (kgateway v2.0.x) added 8000 to listener ports below 1024.
 */
export type KgatewayPortMapping = 'current' | 'v2.0';
export const KGATEWAY_PORT_MAPPINGS: readonly KgatewayPortMapping[] = ['current', 'v2.0'];

export interface PortRange {
  from: number;
  to: number;
}

export interface Settings {
  /**
   * Built-in catalogs named one by one (`portolan.platforms`, `--platform`), each maybe with
   * `@version`: they apply beside the cluster, and a distribution among them stands for the
   * cluster's when the description names none (user catalogs always apply).
   */
  platforms: string[];
  /**
   * The cluster as `portolan.cluster` describes it. The cluster file at the workspace root, which
   * the workspace reads, wins over it field by field.
   */
  cluster: ClusterDescription;
  nodePortRange: PortRange;
  kgatewayPortMapping: KgatewayPortMapping;
  /** Severity per rule; a rule not named here keeps its default. */
  rules: Partial<Record<RuleId, SeveritySetting>>;
  /** The values Helm templates render with, beyond each chart's values.yaml. */
  helm: HelmSettings;
  /** Files larger than this (in bytes) are not analysed, and say so (file-too-large). */
  maxFileBytes: number;
}

export const DEFAULT_MAX_FILE_MB = 5;

export const DEFAULT_NODE_PORT_RANGE: PortRange = { from: 30000, to: 32767 };

export function defaultSettings(platforms: readonly string[]): Settings {
  return { platforms: [...platforms], cluster: {}, nodePortRange: { ...DEFAULT_NODE_PORT_RANGE }, kgatewayPortMapping: 'current', rules: {}, helm: { valueFiles: [], set: [] }, maxFileBytes: DEFAULT_MAX_FILE_MB * 1024 * 1024 };
}

/** Parses `30000-32767`; returns a message when the text is not a valid range. */
export function parsePortRange(text: string): PortRange | string {
  const match = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(text);
  if (!match) return `"${text}" is not a port range like 30000-32767`;
  const from = Number(match[1]);
  const to = Number(match[2]);
  if (from < 1 || to > 65535 || from > to) return `"${text}" is not a port range within 1-65535 with FROM <= TO`;
  return { from, to };
}

/** Parses `rule-id=severity`; returns a message when either part is unknown. */
export function parseRuleSeverity(text: string): [RuleId, SeveritySetting] | string {
  const [id, severity] = text.split('=').map((part) => part.trim());
  if (!id || !(id in RULES)) return `unknown rule "${id ?? ''}" (rules: ${Object.keys(RULES).join(', ')})`;
  if (!severity || !SEVERITY_SETTINGS.includes(severity as SeveritySetting)) {
    return `unknown severity "${severity ?? ''}" for ${id} (one of ${SEVERITY_SETTINGS.join(', ')})`;
  }
  return [id as RuleId, severity as SeveritySetting];
}

/**
 * The `portolan.*` configuration as an editor sends it (untyped JSON). `catalogs` and `exclude`
 * are read by the server (they name files); the rest becomes Settings.
 */
export interface EditorConfiguration {
  platforms?: unknown;
  cluster?: unknown;
  catalogs?: unknown;
  nodePortRange?: unknown;
  kgatewayPortMapping?: unknown;
  rules?: unknown;
  exclude?: unknown;
  helm?: { valuesFiles?: unknown; set?: unknown } | null;
  maxFileSizeMB?: unknown;
}

export interface ConfiguredSettings {
  settings: Settings;
  /** Catalog files to load, as written (absolute, or relative to the first workspace folder). */
  catalogs: string[];
  /** Glob patterns of files to leave out, relative to a workspace folder. */
  exclude: string[];
  /** What was wrong with the configuration; each bad value falls back to its default. */
  problems: string[];
}

/** Validates an editor's configuration, keeping every good value and naming every bad one. */
/** `builtinPlatforms`: the default selection; `selectablePlatforms`: what a selection may name (by default the same). */
export function settingsFromConfiguration(raw: unknown, builtinPlatforms: readonly string[], selectablePlatforms: readonly string[] = builtinPlatforms): ConfiguredSettings {
  const config = (typeof raw === 'object' && raw !== null ? raw : {}) as EditorConfiguration;
  const settings = defaultSettings(builtinPlatforms);
  const problems: string[] = [];
  const strings = (value: unknown, name: string): string[] | undefined => {
    if (value === undefined || value === null) return undefined;
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
    problems.push(`portolan.${name} must be a list of strings`);
    return undefined;
  };

  const platforms = strings(config.platforms, 'platforms');
  if (platforms) {
    // A platform may name its version: kgateway@2.0.2.
    const known = (p: string) => selectablePlatforms.includes(parsePlatformSelection(p).platform);
    const unknown = platforms.filter((p) => !known(p));
    if (unknown.length > 0) problems.push(`portolan.platforms: unknown platform ${unknown.map((p) => `"${p}"`).join(', ')} (known: ${selectablePlatforms.join(', ')})`);
    settings.platforms = platforms.filter(known);
  }
  if (config.cluster !== undefined && config.cluster !== null) {
    const { description, problems: wrong } = new ClusterValidator(BUILTIN_CATALOGS).validate(config.cluster);
    for (const problem of wrong) problems.push(`portolan.cluster: ${problem.message}`);
    settings.cluster = description;
  }
  if (config.nodePortRange !== undefined && config.nodePortRange !== null) {
    const range = typeof config.nodePortRange === 'string' ? parsePortRange(config.nodePortRange) : 'must be a string like 30000-32767';
    if (typeof range === 'string') problems.push(`portolan.nodePortRange: ${range}`);
    else settings.nodePortRange = range;
  }
  if (config.kgatewayPortMapping !== undefined && config.kgatewayPortMapping !== null) {
    if (KGATEWAY_PORT_MAPPINGS.includes(config.kgatewayPortMapping as KgatewayPortMapping)) {
      settings.kgatewayPortMapping = config.kgatewayPortMapping as KgatewayPortMapping;
    } else problems.push(`portolan.kgatewayPortMapping must be one of ${KGATEWAY_PORT_MAPPINGS.join(', ')}`);
  }
  if (typeof config.rules === 'object' && config.rules !== null && !Array.isArray(config.rules)) {
    for (const [id, severity] of Object.entries(config.rules)) {
      const parsed = parseRuleSeverity(`${id}=${String(severity)}`);
      if (typeof parsed === 'string') problems.push(`portolan.rules: ${parsed}`);
      else settings.rules[parsed[0]] = parsed[1];
    }
  } else if (config.rules !== undefined && config.rules !== null) problems.push('portolan.rules must be an object of rule ids and severities');
  if (config.maxFileSizeMB !== undefined && config.maxFileSizeMB !== null) {
    const mb = config.maxFileSizeMB;
    if (typeof mb === 'number' && mb > 0 && Number.isFinite(mb)) settings.maxFileBytes = mb * 1024 * 1024;
    else problems.push('portolan.maxFileSizeMB must be a positive number of megabytes');
  }
  const helm = typeof config.helm === 'object' && config.helm !== null ? config.helm : {};
  settings.helm = { valueFiles: strings(helm.valuesFiles, 'helm.valuesFiles') ?? [], set: strings(helm.set, 'helm.set') ?? [] };
  for (const argument of settings.helm.set) {
    const error = setArgumentError(argument);
    if (error) problems.push(`portolan.helm.set: ${error}`);
  }
  return { settings, catalogs: strings(config.catalogs, 'catalogs') ?? [], exclude: strings(config.exclude, 'exclude') ?? [...DEFAULT_EXCLUDE], problems };
}
