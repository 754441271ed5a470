// The cluster a check assumes, composed from what describes it and what the workspace shows:
//
// - the description: the cluster file at the workspace root over the `portolan.cluster` setting,
//   field by field (a field the file leaves out is the setting's; `versions` merge by component);
// - the distribution it names, else a distribution `platforms` names, else upstream Kubernetes
//   core (`kubernetes`);
// - the network plugin it names (authoritative), else one a distribution alias implies (EKS's VPC
//   CNI), plus those that node agents in the workspace show;
// - its add-ons, plus those that node agents in the workspace show;
// - every catalog `platforms` names (`portolan.platforms`, `--platform`).
//
// A node agent that the chosen distribution's catalog already owns (RKE2's canal DaemonSet, which
// runs calico/node) adds nothing: its ports are the distribution's. Each component says why it is
// there. Pure.

import { parsePlatformSelection, type PlatformVersions } from '../catalog/catalog';
import type { CatalogKind, LoadedCatalog } from '../catalog/types';
import type { Span } from '../types';
import type { ClusterDescription } from './description';
import type { NodeAgent } from './detect';
import { ALIASES, catalogsOf, versionCatalogsOf, type ClusterField } from './vocabulary';

/** The distribution a cluster has when nothing names one: upstream Kubernetes as kubeadm sets it up. */
export const DEFAULT_DISTRIBUTION = 'kubernetes';

export type ClusterReason =
  | { kind: 'default' }
  | { kind: 'described'; source: 'file' | 'settings'; field: ClusterField; name: string }
  | { kind: 'platforms' }
  | { kind: 'detected'; agents: { uri: string; span: Span; workload: string }[] };

export interface ClusterComponent {
  platform: string;
  title: string;
  kind?: CatalogKind;
  /** The version assumed, when one is named or detected. */
  version?: string;
  reasons: ClusterReason[];
}

export interface Cluster {
  components: ClusterComponent[];
  /** Platform ids of the components, for selectCatalogs. */
  platforms: string[];
  versions: PlatformVersions;
  /** What was seen or named and is not part of the cluster, in words. */
  leftOut: string[];
  /** Whether the description has the workspace's node agents add catalogs. */
  detect: boolean;
}

export interface ClusterInputs {
  /** The built-in catalogs. */
  catalogs: readonly LoadedCatalog[];
  /** `portolan.cluster`. */
  settings: ClusterDescription;
  /** The cluster file's fields that are right, if there is a file. */
  file?: ClusterDescription;
  /** `portolan.platforms` or `--platform`, each maybe with `@version`. */
  platforms: readonly string[];
  /** The platforms a check selects when nothing is set: such a selection is the default, not a choice. */
  defaultPlatforms: readonly string[];
  /** The workspace's node agents that catalogs recognise. */
  agents: readonly NodeAgent[];
  /** `portolan.kgatewayPortMapping`: `v2.0` means kgateway 2.0.x. */
  kgatewayPortMapping?: string;
}

/** The description that applies: the file's fields over the setting's; `versions` merged, the file's winning. */
export function mergeDescriptions(settings: ClusterDescription, file: ClusterDescription | undefined): { description: ClusterDescription; sources: Partial<Record<keyof ClusterDescription, 'file' | 'settings'>> } {
  const description: ClusterDescription = {};
  const sources: Partial<Record<keyof ClusterDescription, 'file' | 'settings'>> = {};
  for (const key of ['distribution', 'cni', 'addons', 'detect'] as const) {
    const fromFile = file?.[key];
    const value = fromFile ?? settings[key];
    if (value === undefined) continue;
    (description as Record<string, unknown>)[key] = Array.isArray(value) ? [...value] : value;
    sources[key] = fromFile !== undefined ? 'file' : 'settings';
  }
  if (settings.versions || file?.versions) {
    description.versions = { ...settings.versions, ...file?.versions };
    sources.versions = file?.versions ? 'file' : 'settings';
  }
  return { description, sources };
}

export function composeCluster(inputs: ClusterInputs): Cluster {
  const byId = new Map(inputs.catalogs.map((catalog) => [catalog.platform, catalog]));
  const { description, sources } = mergeDescriptions(inputs.settings, inputs.file);
  const detect = description.detect ?? true;
  const components = new Map<string, ClusterComponent>();
  const leftOut: string[] = [];
  const add = (platform: string, reason: ClusterReason): void => {
    const existing = components.get(platform);
    if (existing) {
      if (!existing.reasons.some((r) => JSON.stringify(r) === JSON.stringify(reason))) existing.reasons.push(reason);
      return;
    }
    const catalog = byId.get(platform);
    const component: ClusterComponent = { platform, title: catalog?.title ?? platform, reasons: [reason] };
    if (catalog?.kind !== undefined) component.kind = catalog.kind;
    components.set(platform, component);
  };
  const described = (field: ClusterField, name: string): ClusterReason => ({ kind: 'described', source: sources[field] ?? 'settings', field, name });
  const kindOf = (platform: string) => byId.get(platform)?.kind;

  const selections = inputs.platforms.map(parsePlatformSelection);
  const isDefault = inputs.platforms.length === inputs.defaultPlatforms.length && inputs.platforms.every((p, i) => p === inputs.defaultPlatforms[i]);
  const platformsReason: ClusterReason = isDefault ? { kind: 'default' } : { kind: 'platforms' };

  // The distribution.
  const namedDistributions = selections.filter(({ platform }) => kindOf(platform) === 'distribution').map(({ platform }) => platform);
  let distributionCni: string | undefined;
  if (description.distribution !== undefined) {
    for (const platform of catalogsOf('distribution', description.distribution)) add(platform, described('distribution', description.distribution));
    distributionCni = ALIASES.distribution[description.distribution]?.cni;
    if (!isDefault) for (const platform of namedDistributions) if (!components.has(platform)) leftOut.push(`${platform} (named in platforms): the cluster description names the distribution ${description.distribution}`);
  } else if (namedDistributions.length > 0) {
    for (const platform of namedDistributions) add(platform, platformsReason);
  } else add(DEFAULT_DISTRIBUTION, { kind: 'default' });
  const distributions = [...components.values()].map((component) => component.platform);

  // The network plugin, then the add-ons, as described.
  if (description.cni !== undefined) for (const platform of catalogsOf('cni', description.cni)) add(platform, described('cni', description.cni));
  else if (distributionCni !== undefined) add(distributionCni, described('distribution', description.distribution!));
  for (const name of description.addons ?? []) for (const platform of catalogsOf('addons', name)) add(platform, described('addons', name));
  // Whatever else `platforms` names.
  for (const { platform } of selections) if (kindOf(platform) !== 'distribution') add(platform, platformsReason);

  // What the workspace shows.
  if (detect) {
    const detected = new Map<string, NodeAgent[]>();
    for (const agent of inputs.agents) {
      // A distribution's own agent: its ports are in the distribution's catalog already.
      if (agent.catalogs.some((platform) => distributions.includes(platform))) continue;
      for (const platform of agent.catalogs) {
        const kind = kindOf(platform);
        if (kind === 'distribution' || kind === undefined) continue;
        const list = detected.get(platform) ?? [];
        list.push(agent);
        detected.set(platform, list);
      }
    }
    for (const [platform, agents] of [...detected].sort(([a], [b]) => order(inputs.catalogs, a) - order(inputs.catalogs, b))) {
      const shown = { kind: 'detected' as const, agents: agents.map(({ uri, span, workload }) => ({ uri, span, workload })) };
      if (kindOf(platform) === 'network' && description.cni !== undefined && !components.has(platform)) {
        leftOut.push(`${platform} (detected: ${agents[0]!.workload}): the cluster description names the network plugin ${description.cni}`);
        continue;
      }
      add(platform, shown);
    }
  }

  // Versions, the more deliberate winning: a detected image tag, then the kgateway port mapping
  // setting, then `platforms`' `name@version`, then the description's.
  const versions: Record<string, string | undefined> = {};
  for (const component of components.values()) {
    const tags = new Set(inputs.agents.filter((agent) => agent.catalogs.includes(component.platform)).map((agent) => agent.versions[component.platform]).filter((v): v is string => v !== undefined));
    // Agents of several versions (manifests of two releases): no version is assumed.
    if (component.reasons.some((r) => r.kind === 'detected') && tags.size === 1) versions[component.platform] = [...tags][0];
  }
  if (inputs.kgatewayPortMapping === 'v2.0') versions.kgateway = '2.0.0';
  for (const { platform, version } of selections) if (version !== undefined) versions[platform] = version;
  for (const [name, version] of Object.entries(description.versions ?? {})) for (const platform of versionCatalogsOf(name)) versions[platform] = version;

  const ordered = [...components.values()].sort((a, b) => rank(a) - rank(b) || order(inputs.catalogs, a.platform) - order(inputs.catalogs, b.platform));
  for (const component of ordered) {
    const version = versions[component.platform];
    if (version !== undefined) component.version = version;
  }
  const assumed: Record<string, string> = {};
  for (const [platform, version] of Object.entries(versions)) if (version !== undefined) assumed[platform] = version;
  return { components: ordered, platforms: ordered.map((c) => c.platform), versions: assumed, leftOut, detect };
}

function rank(component: ClusterComponent): number {
  return component.kind === 'distribution' ? 0 : component.kind === 'network' ? 1 : component.kind === 'addon' ? 2 : 3;
}

function order(catalogs: readonly LoadedCatalog[], platform: string): number {
  const index = catalogs.findIndex((catalog) => catalog.platform === platform);
  return index === -1 ? catalogs.length : index;
}

/** Labels for where a selection came from, as the caller's user knows them. */
export interface ClusterLabels {
  /** `portolan.platforms` in the editor, `--platform` in the checker. */
  platforms: string;
  /** `portolan.cluster` in the editor. */
  settings: string;
  /** The cluster file as the user sees its path, when there is one. */
  file?: string;
  /** A file's path for messages. */
  path: (uri: string) => string;
}

/** `metallb 0.14.8`, `kubernetes`. */
export function componentName(component: ClusterComponent): string {
  return component.version === undefined ? component.platform : `${component.platform} ${component.version}`;
}

/** Why a component is there, in a few words: `default`, `.portolan.json: cni canal`, `detected: DaemonSet calico-node in calico.yaml`. */
export function reasonText(reason: ClusterReason, labels: ClusterLabels): string {
  switch (reason.kind) {
    case 'default':
      return 'default';
    case 'platforms':
      return labels.platforms;
    case 'described': {
      const source = reason.source === 'file' ? labels.file ?? 'cluster file' : labels.settings;
      return `${source}: ${reason.field} ${reason.name}`;
    }
    case 'detected': {
      const [first, ...rest] = reason.agents;
      const more = rest.length === 0 ? '' : ` and ${rest.length} more`;
      return `detected: ${first!.workload} in ${labels.path(first!.uri)}${more}`;
    }
  }
}

/**
 * One line, components that are there for the same reason grouped:
 * `kubernetes + calico + kgateway (.portolan.json) + dcgm-exporter 3.3.5 (detected: DaemonSet gpu-metrics in agents.yaml)`.
 */
export function describeCluster(cluster: Cluster, labels: ClusterLabels): string {
  const groups: { names: string[]; why: string }[] = [];
  for (const component of cluster.components) {
    // In a line, a described component says only where it is described: its field shows in its kind.
    const why = component.reasons.map((r) => (r.kind === 'described' ? (r.source === 'file' ? labels.file ?? 'cluster file' : labels.settings) : reasonText(r, labels))).filter((text, i, all) => all.indexOf(text) === i).join('; ');
    const last = groups[groups.length - 1];
    if (last && last.why === why) last.names.push(componentName(component));
    else groups.push({ names: [componentName(component)], why });
  }
  return groups.map(({ names, why }) => `${names.join(' + ')} (${why})`).join(' + ');
}

/** Several lines: each component with its catalog's title, kind and why; then what was left out. */
export function explainCluster(cluster: Cluster, labels: ClusterLabels): string[] {
  const width = Math.max(...cluster.components.map((c) => componentName(c).length));
  const lines = cluster.components.map((component) => {
    const kind = component.kind === 'network' ? 'network plugin' : component.kind === 'addon' ? 'add-on' : component.kind ?? 'catalog';
    return `  ${componentName(component).padEnd(width)}  ${component.title}, ${kind}: ${component.reasons.map((r) => reasonText(r, labels)).join('; ')}`;
  });
  if (!cluster.detect) lines.push('  (node agents in the workspace add nothing: detect is false)');
  for (const text of cluster.leftOut) lines.push(`  left out: ${text}`);
  return lines;
}

/** A short label, for a status bar: `kubernetes + calico (detected)`. */
export function clusterLabel(cluster: Cluster): string {
  return cluster.components
    .map((component) => `${componentName(component)}${component.reasons.every((r) => r.kind === 'detected') ? ' (detected)' : ''}`)
    .join(' + ');
}

/** The cluster in markdown, for a tooltip: each component, its catalog and why it applies. */
export function clusterMarkdown(cluster: Cluster, labels: ClusterLabels): string {
  const lines = ['**The cluster Portolan assumes**', ''];
  for (const component of cluster.components) {
    const kind = component.kind === 'network' ? 'network plugin' : component.kind === 'addon' ? 'add-on' : component.kind ?? 'catalog';
    lines.push(`- **${componentName(component)}**: ${component.title}, ${kind} (${component.reasons.map((r) => reasonText(r, labels).replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`)).join('; ')})`);
  }
  for (const text of cluster.leftOut) lines.push(`- left out: ${text.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`)}`);
  if (!cluster.detect) lines.push('- node agents in the workspace add nothing (`detect: false`)');
  lines.push('', labels.file === undefined ? 'Describe the cluster in `.portolan.json` or `.portolan.yaml` at the workspace root, or in the `portolan.cluster` setting.' : `Described by \`${labels.file}\` and the \`portolan.cluster\` setting.`);
  return lines.join('\n');
}
