// The catalog of reserved ports, as the JSON files under catalog/ spell it (catalog/schema.json
// is the authority; these types mirror it).

export type Protocol = 'TCP' | 'UDP' | 'SCTP';
export const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

/** Node roles a catalog names. `all` means every node, whatever its role. */
export type NodeRole = 'control-plane' | 'worker' | 'all';

/** Where on a node a daemon listens: loopback only, the node's default address, or every address. */
export type BindInterface = 'localhost' | 'default' | 'all';

/** A port reserved on the host network of the nodes with these roles. */
export interface NodePlace {
  /** `address`: the one address bound when it is neither loopback nor the node's own (`169.254.20.10`). */
  node: { roles: NodeRole[]; interface: BindInterface; address?: string };
}

/** A port reserved inside the pods of one component (kgateway's control plane, its gateway proxy). */
export interface PodPlace {
  pod: { interface: BindInterface };
}

export type Place = NodePlace | PodPlace;

/**
 * What identifies a component's own workloads, so that a component on its own port is the owner
 * and never a collision. A workload matches when any one of these matches.
 */
export interface Owners {
  /** Workload names (metadata.name) or container names. */
  names?: string[];
  /**
   * Names of the component's containers inside its own workloads (Linkerd's `destination`,
   * istiod's `discovery`): too common to identify a workload, enough to tell its containers.
   */
  containers?: string[];
  /** Label sets; a pod matches when its labels contain every pair of one set. */
  labels?: Record<string, string>[];
  /** Image repositories, matched against the end of a container's image path: `calico/node`. */
  images?: string[];
  /** Gateway API classes whose Gateways this component serves (the kgateway proxy). */
  gatewayClasses?: string[];
}

export interface CatalogEntry {
  port?: number;
  range?: { from: number; to: number };
  /** A Unix socket a platform lists among its services; it binds no port and never collides. */
  socket?: string;
  protocol: Protocol;
  component: string;
  usage: string;
  /**
   * Where a reader can check the entry: in the built-in catalogs a public URL (a vendor's docs page,
   * or a file at a tag or commit of the component's repository); in a user's catalog any reference.
   */
  source: string;
  /** The version or date the source holds for: `v3.32.1`, `Konvoy 1.5`, `2026-08-21`. */
  asOf?: string;
  /** The component versions the entry holds for, a semver range (`>=2.1`, `2.0.x`); absent: every version. */
  versions?: string;
  where: Place;
  owners?: Owners;
  /** The Kubernetes NodePort range as a platform lists it: checked by the NodePort range rule, not as a reservation. */
  nodePortRange?: boolean;
  /** A port where Gateway listeners land in the proxy (kgateway's HTTP 8080, HTTPS 8443), not one reserved against them. */
  listenerPort?: boolean;
  /** Set when the port exists only in an optional setup (kgateway's mTLS extras); such an entry reserves nothing. */
  condition?: string;
  /** What a reader should know beyond the source's row: an assumption, a version's difference. */
  note?: string;
}

/** What a catalog describes: a Kubernetes distribution, a network plugin, or an add-on beside them. */
export type CatalogKind = 'distribution' | 'network' | 'addon';
export const CATALOG_KINDS: readonly CatalogKind[] = ['distribution', 'network', 'addon'];

export interface CatalogFile {
  /** Stable platform id: `kgateway`, `konvoy`, `canonical-kubernetes`, or a user's own. */
  platform: string;
  /** Human name of the platform: `D2iQ Konvoy`. */
  title: string;
  description?: string;
  kind?: CatalogKind;
  /** Where the component documents itself. */
  homepage?: string;
  entries: CatalogEntry[];
}

/** A validated catalog file with the name it was loaded from, for messages. */
export interface LoadedCatalog extends CatalogFile {
  fileName: string;
}

/** Why a catalog file was rejected: the file, the entry (by index and component when known) and the field. */
export interface CatalogProblem {
  fileName: string;
  /** Index into `entries`, when the problem is inside one entry. */
  entryIndex?: number;
  /** The entry's component, when it has a usable one, so that messages can name the entry. */
  component?: string;
  /** JSON pointer-ish path of the field: `entries/3/protocol`. */
  field: string;
  message: string;
}

export function isNodePlace(place: Place): place is NodePlace {
  return 'node' in place;
}

export function isPodPlace(place: Place): place is PodPlace {
  return 'pod' in place;
}

/** A catalog file's fields, without `$schema` or anything else the JSON carries, and its name. */
export function loadedCatalog(file: CatalogFile, fileName: string): LoadedCatalog {
  const catalog: LoadedCatalog = { platform: file.platform, title: file.title, entries: file.entries, fileName };
  if (file.description !== undefined) catalog.description = file.description;
  if (file.kind !== undefined) catalog.kind = file.kind;
  if (file.homepage !== undefined) catalog.homepage = file.homepage;
  return catalog;
}
