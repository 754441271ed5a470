// The catalogs that apply to one check, indexed for the questions rules ask: which components
// reserve this port on the node, and which keep it inside their own pods.

import type { CatalogEntry, LoadedCatalog, Protocol } from './types';
import { isNodePlace, isPodPlace } from './types';
import { rangeIncludes, rangeIsCurrent } from './versions';

export interface Reservation {
  entry: CatalogEntry;
  catalog: LoadedCatalog;
}

/** The version of each platform's component a check assumes, by platform id: `{ kgateway: '2.0.2' }`. */
export type PlatformVersions = Readonly<Record<string, string | undefined>>;

export class Catalog {
  private readonly nodeByPort = new Map<number, Reservation[]>();
  private readonly nodeRanges: Reservation[] = [];
  /** Entries that reserve a port inside a component's pods, including where listeners land. */
  readonly podEntries: Reservation[] = [];

  /**
   * `versions`: the component version assumed per platform. An entry that holds for a version
   * range reserves its port when the range holds for that version or, with no version named, when
   * it holds for the newest versions (kgateway's 9976 of v2.0.x reserves nothing in a current one).
   */
  constructor(
    readonly catalogs: readonly LoadedCatalog[],
    readonly versions: PlatformVersions = {},
  ) {
    for (const catalog of catalogs) {
      for (const entry of catalog.entries) {
        // Conditional extras and the NodePort range reserve nothing here (the range has its own rule).
        if (entry.condition !== undefined || entry.nodePortRange) continue;
        if (!this.holds(entry, catalog)) continue;
        const reservation = { entry, catalog };
        if (isPodPlace(entry.where)) this.podEntries.push(reservation);
        else if (isNodePlace(entry.where)) {
          if (entry.port !== undefined) {
            const list = this.nodeByPort.get(entry.port) ?? [];
            list.push(reservation);
            this.nodeByPort.set(entry.port, list);
          } else if (entry.range) this.nodeRanges.push(reservation);
        }
      }
    }
  }

  /** Does the entry hold for the version of its component this check assumes? */
  holds(entry: CatalogEntry, catalog: LoadedCatalog): boolean {
    if (entry.versions === undefined) return true;
    const version = this.versions[catalog.platform];
    return version === undefined ? rangeIsCurrent(entry.versions) : rangeIncludes(entry.versions, version);
  }

  /** Everything the catalogs say about a port number: every entry, conditional, ranged and other versions' ones too. */
  entriesFor(port: number): Reservation[] {
    return this.catalogs.flatMap((catalog) =>
      catalog.entries
        .filter((entry) => entry.port === port || (entry.range !== undefined && entry.range.from <= port && port <= entry.range.to))
        .map((entry) => ({ entry, catalog })),
    );
  }

  /** Every single-port entry, for completion lists. */
  portEntries(): Reservation[] {
    return this.catalogs.flatMap((catalog) => catalog.entries.filter((entry) => entry.port !== undefined).map((entry) => ({ entry, catalog })));
  }

  /** Node reservations of this port and protocol, on any role and interface. */
  nodeReservations(port: number, protocol: Protocol): Reservation[] {
    const exact = this.nodeByPort.get(port) ?? [];
    const ranged = this.nodeRanges.filter(({ entry }) => entry.range!.from <= port && port <= entry.range!.to);
    return [...exact, ...ranged].filter(({ entry }) => entry.protocol === protocol);
  }
}

/**
 * A platform selection: `kgateway`, or `kgateway@2.0.2` for a version of its component. Split
 * into the platform id and the version (undefined without an `@`).
 */
export function parsePlatformSelection(selection: string): { platform: string; version?: string } {
  const at = selection.indexOf('@');
  if (at === -1) return { platform: selection };
  const version = selection.slice(at + 1).trim();
  return version === '' ? { platform: selection.slice(0, at) } : { platform: selection.slice(0, at), version };
}

/**
 * The catalogs for a check: the built-in ones whose platform is selected, and every user catalog.
 * A selection may name a version (`kgateway@2.0.2`); `versions` names more, and a selection's own
 * version wins.
 */
export function selectCatalogs(builtins: readonly LoadedCatalog[], platforms: readonly string[], user: readonly LoadedCatalog[], versions: PlatformVersions = {}): Catalog {
  const selected = platforms.map(parsePlatformSelection);
  const assumed: Record<string, string | undefined> = { ...versions };
  for (const { platform, version } of selected) if (version !== undefined) assumed[platform] = version;
  const ids = new Set(selected.map(({ platform }) => platform));
  return new Catalog([...builtins.filter((catalog) => ids.has(catalog.platform)), ...user], assumed);
}

/**
 * The versions that settings from before version ranges imply: `kgatewayPortMapping: 'v2.0'` is
 * kgateway v2.0.x. For the caller of selectCatalogs, as its `versions`.
 */
export function versionsFromSettings(settings: { kgatewayPortMapping?: string }): PlatformVersions {
  return settings.kgatewayPortMapping === 'v2.0' ? { kgateway: '2.0.0' } : {};
}

/** `kubelet (Kubelet API) on all nodes, Canonical Kubernetes (https://documentation.ubuntu.com/…)` */
export function describeReservation({ entry, catalog }: Reservation, roles: string): string {
  const versions = entry.versions === undefined ? '' : `, versions ${entry.versions}`;
  return `${entry.component} (${entry.usage}) on ${roles}, ${catalog.title}${versions} (${entry.source})`;
}

/** Where an entry binds, in words: `all nodes`, `control-plane nodes, localhost`, `inside istio-proxy pods`. */
export function describePlace(entry: CatalogEntry): string {
  if (isNodePlace(entry.where)) {
    const { roles, interface: bind, address } = entry.where.node;
    const nodes = roles.includes('all') ? 'all nodes' : `${roles.join(' and ')} nodes`;
    const on = bind === 'all' ? '' : bind === 'localhost' ? ', localhost' : address !== undefined ? `, ${address}` : ', node address';
    return `${nodes}${on}`;
  }
  return `inside ${entry.component} pods${entry.where.pod.interface === 'localhost' ? ', localhost' : ''}`;
}

/** `10250/TCP`, `30000-32767/TCP`, or the socket's path. */
export function describePort(entry: CatalogEntry): string {
  if (entry.socket !== undefined) return entry.socket;
  if (entry.range) return `${entry.range.from}-${entry.range.to}/${entry.protocol}`;
  return `${entry.port}/${entry.protocol}`;
}

/** A link to the entry's source when it is a URL, else the reference as code; with the version or date it holds for. */
export function sourceMarkdown(entry: CatalogEntry): string {
  const asOf = entry.asOf === undefined ? '' : ` (${escapeMarkdown(entry.asOf)})`;
  if (/^https?:\/\/\S+$/.test(entry.source)) return `[source](${entry.source.replace(/\)/g, '%29')})${asOf}`;
  return `source: \`${entry.source.replace(/`/g, "'")}\`${asOf}`;
}

/**
 * One catalog row as one line of markdown, for a hover:
 * `- **kubelet** 10250/TCP on all nodes (Canonical Kubernetes): Kubelet API … [source](https://…) (2026-08)`.
 * Pure; the usage is cut to `usageChars` at a word boundary.
 */
export function catalogRowMarkdown({ entry, catalog }: Reservation, usageChars = 60): string {
  const flags = [
    entry.versions === undefined ? '' : `versions ${entry.versions}`,
    entry.listenerPort ? 'where listeners land' : '',
    entry.nodePortRange ? 'NodePort range' : '',
    entry.condition ? `only when ${entry.condition}` : '',
  ].filter(Boolean);
  const where = isNodePlace(entry.where) ? `on ${describePlace(entry)}` : describePlace(entry);
  const title = [catalog.title, ...flags].map(escapeMarkdown).join('; ');
  return `- **${escapeMarkdown(entry.component)}** ${describePort(entry)} ${escapeMarkdown(where)} (${title}): ${escapeMarkdown(cut(entry.usage, usageChars))} ${sourceMarkdown(entry)}`;
}

/** Markdown's inline specials escaped, so that a usage like `a_b` or `[x]` prints as written. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`);
}

/** The text, or its start up to a word boundary and an ellipsis. */
function cut(text: string, chars: number): string {
  if (text.length <= chars) return text;
  const start = text.slice(0, chars - 1);
  const space = start.lastIndexOf(' ');
  return `${(space > chars / 2 ? start.slice(0, space) : start).replace(/[\s.,;:]+$/, '')}…`;
}

/**
 * User catalogs whose platform id is already taken (by a built-in catalog or an earlier user
 * catalog), each with a message naming the file: two catalogs of one platform would make every
 * finding ambiguous.
 */
export function duplicatePlatforms(builtins: readonly LoadedCatalog[], user: readonly LoadedCatalog[]): { catalog: LoadedCatalog; message: string }[] {
  const seen = new Map(builtins.map((catalog) => [catalog.platform, catalog.fileName]));
  const duplicates: { catalog: LoadedCatalog; message: string }[] = [];
  for (const catalog of user) {
    const first = seen.get(catalog.platform);
    if (first !== undefined) {
      duplicates.push({ catalog, message: `${catalog.fileName}: field "platform": "${catalog.platform}" is already the platform of ${first}; give this catalog a platform id of its own` });
    } else seen.set(catalog.platform, catalog.fileName);
  }
  return duplicates;
}
