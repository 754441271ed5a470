// The command line in words: argv in, a typed command or a usage error out. Never throws and
// never touches the file system; reading paths and catalogs is the caller's job.

import { parseArgs } from 'node:util';
import {
  BUILTIN_PLATFORMS,
  CLUSTER_FILE_NAMES,
  parsePlatformSelection,
  SELECTABLE_PLATFORMS,
  DEFAULT_EXCLUDE,
  KGATEWAY_PORT_MAPPINGS,
  defaultSettings,
  parsePortRange,
  parseRuleSeverity,
  setArgumentError,
  type KgatewayPortMapping,
  type Settings,
} from '../service/index';

/** The cache file `--cache` keeps, in the current folder, as a linter's cache is kept. */
export const DEFAULT_CACHE_FILE = '.portolancache';

export type OutputFormat = 'text' | 'json' | 'sarif';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif'];

export interface CheckCommand {
  kind: 'check';
  /** Files and folders as given; `.` when none is. */
  paths: string[];
  format: OutputFormat;
  /** User catalog files as given, in order. */
  catalogs: string[];
  /** Helm values files (`--values`), as given, in order: later ones win. */
  valueFiles: string[];
  /** Globs of paths (relative to the current folder) that folder walks leave out. */
  exclude: string[];
  /** The cluster file as given (`--cluster`); without one, the checker looks for one. */
  clusterFile?: string;
  /** Print the cluster the check assumes and stop (`--explain-cluster`). */
  explainCluster: boolean;
  /** Threads that render charts (`--jobs`); without it, one per core. */
  threads?: number;
  /** Where renders are kept between checks (`--cache`, `--cache-location`); undefined: not kept. */
  cacheLocation?: string;
  settings: Settings;
}

export type Command = CheckCommand | { kind: 'help' } | { kind: 'version' } | { kind: 'usage-error'; message: string };

export const USAGE = `Usage: portolan check [options] [PATH...]

Checks Kubernetes manifests and Helm charts for port collisions. PATHs are files and
folders (folders are searched for *.yaml, *.yml and charts' *.tpl helpers;
default: the current folder).

Options:
  --format text|json|sarif          output format (default: text)
  --cluster FILE                    the cluster file describing the cluster (default: the
                                    first of ${CLUSTER_FILE_NAMES.join(', ')} in the first
                                    PATH's folder or a folder above it, up to the current one)
  --explain-cluster                 print the cluster the check assumes, and why each catalog
                                    applies, then stop
  --platform NAME                   a built-in catalog that applies beside the cluster, as
                                    NAME or NAME@VERSION; repeatable (a distribution named
                                    here stands for the cluster's when nothing describes one;
                                    default: ${BUILTIN_PLATFORMS.join(', ')})
  --catalog FILE                    a catalog JSON file of your own; repeatable
  --node-port-range FROM-TO         the cluster's NodePort range (default: 30000-32767)
  --kgateway-port-mapping ${KGATEWAY_PORT_MAPPINGS.join('|')}
                                    how kgateway maps listener ports (default: current)
  --rule ID=SEVERITY                set a rule to off, hint, information, warning or error;
                                    repeatable
  -f, --values FILE                 a Helm values file for the charts checked, over each
                                    chart's values.yaml; repeatable, later ones win
  --set KEY=VALUE[,KEY=VALUE]       a Helm value, as helm --set takes it; repeatable
  --max-file-size MB                files larger than this are not analysed (default: 5)
  --jobs N                          render charts on N threads at once (default: one per
                                    CPU core when the charts are large enough to gain from
                                    it; 1: all on one thread)
  --cache                           keep each chart's renders in .portolancache (in the
                                    current folder) and take them from there while the
                                    chart, its values and portolan are unchanged
  --cache-location PATH             the cache file, or a folder to keep .portolancache in;
                                    implies --cache
  --exclude GLOB                    leave out files and folders whose path relative to
                                    the current folder matches (as portolan.exclude does in
                                    the editor); repeatable; node_modules and .git always are
  -h, --help                        show this help
  --version                         show the version

Without a cluster file, the cluster is upstream Kubernetes core plus the network plugins
and add-ons whose node agents the files checked hold (a calico-node DaemonSet). The text
output's first line names it.

Exit status: 0 when nothing has severity error (a mistake in the cluster file is one), 1 when
something does, 2 when the check could not run. --explain-cluster exits 0.
`;

const OPTIONS = {
  format: { type: 'string' },
  cluster: { type: 'string' },
  'explain-cluster': { type: 'boolean' },
  platform: { type: 'string', multiple: true },
  catalog: { type: 'string', multiple: true },
  'node-port-range': { type: 'string' },
  'kgateway-port-mapping': { type: 'string' },
  rule: { type: 'string', multiple: true },
  values: { type: 'string', multiple: true, short: 'f' },
  'max-file-size': { type: 'string' },
  set: { type: 'string', multiple: true },
  exclude: { type: 'string', multiple: true },
  jobs: { type: 'string' },
  cache: { type: 'boolean' },
  'cache-location': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

export function parseCommandLine(argv: readonly string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    return usageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const [command, ...paths] = positionals;
  if (command === undefined) return usageError('missing command (try "portolan check")');
  if (command !== 'check') return usageError(`unknown command "${command}" (the only command is "check")`);

  const format = values.format ?? 'text';
  if (!OUTPUT_FORMATS.includes(format as OutputFormat)) {
    return usageError(`unknown format "${format}" (one of ${OUTPUT_FORMATS.join(', ')})`);
  }
  const settings = defaultSettings(BUILTIN_PLATFORMS);
  if (values.platform) {
    // A platform may name its version: kgateway@2.0.2.
    const unknown = values.platform.find((name) => !SELECTABLE_PLATFORMS.includes(parsePlatformSelection(name).platform));
    if (unknown !== undefined) return usageError(`unknown platform "${unknown}" (known platforms: ${SELECTABLE_PLATFORMS.join(', ')})`);
    settings.platforms = [...new Set(values.platform)];
  }
  if (values['node-port-range'] !== undefined) {
    const range = parsePortRange(values['node-port-range']);
    if (typeof range === 'string') return usageError(`--node-port-range: ${range}`);
    settings.nodePortRange = range;
  }
  const mapping = values['kgateway-port-mapping'];
  if (mapping !== undefined) {
    if (!KGATEWAY_PORT_MAPPINGS.includes(mapping as KgatewayPortMapping)) {
      return usageError(`unknown kgateway port mapping "${mapping}" (one of ${KGATEWAY_PORT_MAPPINGS.join(', ')})`);
    }
    settings.kgatewayPortMapping = mapping as KgatewayPortMapping;
  }
  for (const text of values.set ?? []) {
    const error = setArgumentError(text);
    if (error) return usageError(error);
  }
  settings.helm = { valueFiles: [], set: values.set ?? [] };
  if (values['max-file-size'] !== undefined) {
    const megabytes = Number(values['max-file-size']);
    if (!(megabytes > 0) || !Number.isFinite(megabytes)) return usageError(`--max-file-size: "${values['max-file-size']}" is not a positive number of megabytes`);
    settings.maxFileBytes = megabytes * 1024 * 1024;
  }
  let threads: number | undefined;
  if (values.jobs !== undefined) {
    threads = Number(values.jobs);
    if (!Number.isInteger(threads) || threads < 1) return usageError(`--jobs: "${values.jobs}" is not a whole number of threads, 1 or more`);
  }
  const cacheLocation = values['cache-location'] ?? (values.cache === true ? DEFAULT_CACHE_FILE : undefined);
  if (cacheLocation === '') return usageError('--cache-location: an empty path');
  for (const text of values.rule ?? []) {
    const rule = parseRuleSeverity(text);
    if (typeof rule === 'string') return usageError(`--rule: ${rule}`);
    settings.rules[rule[0]] = rule[1];
  }
  return {
    kind: 'check',
    paths: paths.length > 0 ? paths : ['.'],
    format: format as OutputFormat,
    catalogs: values.catalog ?? [],
    valueFiles: values.values ?? [],
    exclude: [...DEFAULT_EXCLUDE, ...(values.exclude ?? [])],
    ...(values.cluster !== undefined ? { clusterFile: values.cluster } : {}),
    explainCluster: values['explain-cluster'] === true,
    ...(threads !== undefined ? { threads } : {}),
    ...(cacheLocation !== undefined ? { cacheLocation } : {}),
    settings,
  };
}

function usageError(message: string): Command {
  return { kind: 'usage-error', message };
}
