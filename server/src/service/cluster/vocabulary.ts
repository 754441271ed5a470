// What a cluster description may name: a distribution, a network plugin (`cni`) and add-ons, each
// a built-in catalog of that kind or one of a few names that stand for several catalogs (Istio's
// ambient mode is Istio and its CNI agent). Pure data, derived from the catalogs' `kind`.

import type { CatalogKind, LoadedCatalog } from '../catalog/types';

/** The three fields of a description that select catalogs. */
export type ClusterField = 'distribution' | 'cni' | 'addons';

export const FIELD_KINDS: Record<ClusterField, CatalogKind> = { distribution: 'distribution', cni: 'network', addons: 'addon' };

/** How a message names what a field holds: `cni "calcio" is not a known network plugin`. */
export const FIELD_NOUNS: Record<ClusterField, string> = { distribution: 'distribution', cni: 'network plugin', addons: 'add-on' };

/** A name a description may use that is not one catalog: the catalogs it stands for. */
export interface Alias {
  catalogs: readonly string[];
  /** What it means, for the schema's descriptions and the README. */
  description: string;
  /** A distribution alias's network plugin when the description names none. */
  cni?: string;
}

export const ALIASES: Record<ClusterField, Readonly<Record<string, Alias>>> = {
  distribution: {
    eks: {
      catalogs: ['kubernetes'],
      cni: 'aws-vpc-cni',
      description: 'Amazon EKS: the upstream kubelet and kube-proxy ports (EKS keeps their defaults), with the Amazon VPC CNI unless `cni` names another.',
    },
  },
  cni: {},
  addons: {
    'istio-ambient': { catalogs: ['istio', 'istio-cni'], description: 'Istio in ambient mode: Istio (ztunnel, istiod) and its CNI node agent, which ambient mode needs.' },
    'istio-sidecar': { catalogs: ['istio'], description: 'Istio in sidecar mode: istiod and the injected proxy (add `istio-cni` when the CNI agent replaces istio-init).' },
  },
};

/** The names one field accepts: its kind's catalogs in catalog order, then its aliases. */
export function namesFor(field: ClusterField, catalogs: readonly LoadedCatalog[]): string[] {
  return [...catalogs.filter((catalog) => catalog.kind === FIELD_KINDS[field]).map((catalog) => catalog.platform), ...Object.keys(ALIASES[field])];
}

/** The names `versions` accepts: every catalog, and every alias (its version applies to each of its catalogs). */
export function versionNames(catalogs: readonly LoadedCatalog[]): string[] {
  return [...catalogs.map((catalog) => catalog.platform), ...Object.values(ALIASES).flatMap((aliases) => Object.keys(aliases))];
}

/** The catalogs a name of a field stands for (itself when it is a catalog). */
export function catalogsOf(field: ClusterField, name: string): readonly string[] {
  return ALIASES[field][name]?.catalogs ?? [name];
}

/** The catalogs a name in `versions` stands for. */
export function versionCatalogsOf(name: string): readonly string[] {
  for (const aliases of Object.values(ALIASES)) if (aliases[name]) return aliases[name]!.catalogs;
  return [name];
}

/** A version as the description writes it: `2.0.2`, `v1.16`, `1.30.4+rke2r1`. */
export const VERSION_PATTERN = '^v?\\d+(\\.\\d+){0,2}([-+][0-9A-Za-z.+-]*)?$';
