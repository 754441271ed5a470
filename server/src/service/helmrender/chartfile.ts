// Chart.yaml as Helm's chart.Metadata reads it (JSON field names, matched without regard to case
// as Go's encoding/json does), and the Go value templates see as `.Chart`: in Helm 4 a
// map[string]interface{} with the struct's field names (APIVersion, AppVersion, ...), IsRoot
// added, and each dependency and maintainer a map as well.

import { type GoMap, type Value } from '../gotemplate/index';
import { readYaml } from './yamlvalues';

export interface Dependency {
  name: string;
  version: string;
  repository: string;
  condition: string;
  tags: string[];
  enabled: boolean;
  /** Each entry a string (`exports.<name>`) or a {child, parent} map, as written. */
  importValues: Value[];
  alias: string;
}

export interface Maintainer {
  name: string;
  email: string;
  url: string;
}

export interface ChartMetadata {
  name: string;
  home: string;
  sources: string[];
  version: string;
  description: string;
  keywords: string[];
  maintainers: Maintainer[];
  icon: string;
  apiVersion: string;
  condition: string;
  tags: string;
  appVersion: string;
  deprecated: boolean;
  annotations: Map<string, string>;
  kubeVersion: string;
  dependencies: Dependency[];
  type: string;
}

/** Reads Chart.yaml (or a v1 chart's requirements.yaml over it). Problems are returned, never thrown. */
export function readChartYaml(text: string, into?: ChartMetadata): { metadata: ChartMetadata; errors: string[] } {
  const { value, errors } = readYaml(text);
  const m = value instanceof Map ? value : new Map<string, Value>();
  if (value !== null && !(value instanceof Map)) errors.push('Chart.yaml is not a map');
  const base = into ?? emptyMetadata();
  const get = (name: string): Value | undefined => field(m, name);
  const metadata: ChartMetadata = {
    name: str(get('name')) ?? base.name,
    home: str(get('home')) ?? base.home,
    sources: strs(get('sources')) ?? base.sources,
    version: str(get('version')) ?? base.version,
    description: str(get('description')) ?? base.description,
    keywords: strs(get('keywords')) ?? base.keywords,
    maintainers: list(get('maintainers'))?.map(maintainer) ?? base.maintainers,
    icon: str(get('icon')) ?? base.icon,
    apiVersion: str(get('apiVersion')) ?? base.apiVersion,
    condition: str(get('condition')) ?? base.condition,
    tags: str(get('tags')) ?? base.tags,
    appVersion: str(get('appVersion')) ?? base.appVersion,
    deprecated: get('deprecated') === true || (get('deprecated') === undefined && base.deprecated),
    annotations: annotations(get('annotations')) ?? base.annotations,
    kubeVersion: str(get('kubeVersion')) ?? base.kubeVersion,
    dependencies: list(get('dependencies'))?.map(dependency) ?? base.dependencies,
    type: str(get('type')) ?? base.type,
  };
  // Helm 2 accepted charts without apiVersion; Helm reads them as v1.
  if (!metadata.apiVersion) metadata.apiVersion = 'v1';
  return { metadata, errors };
}

export function emptyMetadata(): ChartMetadata {
  return { name: '', home: '', sources: [], version: '', description: '', keywords: [], maintainers: [], icon: '', apiVersion: '', condition: '', tags: '', appVersion: '', deprecated: false, annotations: new Map(), kubeVersion: '', dependencies: [], type: '' };
}

function field(m: GoMap, name: string): Value | undefined {
  for (const [k, v] of m) if (k.toLowerCase() === name.toLowerCase()) return v;
  return undefined;
}

function dependency(v: Value): Dependency {
  const m = v instanceof Map ? v : new Map<string, Value>();
  return {
    name: str(field(m, 'name')) ?? '',
    version: str(field(m, 'version')) ?? '',
    repository: str(field(m, 'repository')) ?? '',
    condition: str(field(m, 'condition')) ?? '',
    tags: strs(field(m, 'tags')) ?? [],
    enabled: field(m, 'enabled') === true,
    importValues: list(field(m, 'import-values')) ?? [],
    alias: str(field(m, 'alias')) ?? '',
  };
}

function maintainer(v: Value): Maintainer {
  const m = v instanceof Map ? v : new Map<string, Value>();
  return { name: str(field(m, 'name')) ?? '', email: str(field(m, 'email')) ?? '', url: str(field(m, 'url')) ?? '' };
}

/** A scalar as a Go string field gets it; numbers keep YAML's spelling as far as JSON has it. */
function str(v: Value | undefined): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

function strs(v: Value | undefined): string[] | undefined {
  return list(v)?.map((x) => str(x) ?? '');
}

function list(v: Value | undefined): Value[] | undefined {
  return Array.isArray(v) ? v : undefined;
}

function annotations(v: Value | undefined): Map<string, string> | undefined {
  if (!(v instanceof Map)) return undefined;
  return new Map([...v].map(([k, x]) => [k, str(x) ?? '']));
}

/** `.Chart` as Helm 4 hands it to templates. */
export function chartObject(md: ChartMetadata, isRoot: boolean): GoMap {
  const strings = (xs: readonly string[]): Value[] => [...xs];
  return new Map<string, Value>([
    ['APIVersion', md.apiVersion],
    ['Annotations', new Map<string, Value>(md.annotations)],
    ['AppVersion', md.appVersion],
    ['Condition', md.condition],
    [
      'Dependencies',
      md.dependencies.map(
        (d) =>
          new Map<string, Value>([
            ['Alias', d.alias],
            ['Condition', d.condition],
            ['Enabled', d.enabled],
            ['ImportValues', [...d.importValues]],
            ['Name', d.name],
            ['Repository', d.repository],
            ['Tags', strings(d.tags)],
            ['Version', d.version],
          ]),
      ),
    ],
    ['Deprecated', md.deprecated],
    ['Description', md.description],
    ['Home', md.home],
    ['Icon', md.icon],
    ['IsRoot', isRoot],
    ['Keywords', strings(md.keywords)],
    ['KubeVersion', md.kubeVersion],
    ['Maintainers', md.maintainers.map((m) => new Map<string, Value>([['Email', m.email], ['Name', m.name], ['URL', m.url]]))],
    ['Name', md.name],
    ['Sources', strings(md.sources)],
    ['Tags', md.tags],
    ['Type', md.type],
    ['Version', md.version],
  ]);
}
