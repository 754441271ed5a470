// The catalogs that apply to one check, indexed for the questions rules ask: which components
// reserve this port on the node, and which keep it inside their own pods.

import type { CatalogEntry, LoadedCatalog, Protocol } from './types';
import { isNodePlace, isPodPlace } from './types';

export interface Reservation {
  entry: CatalogEntry;
  catalog: LoadedCatalog;
}

export class Catalog {
  private readonly nodeByPort = new Map<number, Reservation[]>();
  private readonly nodeRanges: Reservation[] = [];
  /** Entries that reserve a port inside a component's pods, including where listeners land. */
  readonly podEntries: Reservation[] = [];

  constructor(readonly catalogs: readonly LoadedCatalog[]) {
    for (const catalog of catalogs) {
      for (const entry of catalog.entries) {
        // Conditional extras and the NodePort range reserve nothing here (the range has its own rule).
        if (entry.condition !== undefined || entry.nodePortRange) continue;
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

  /** Everything the catalogs say about a port number: every entry, conditional and ranged ones too. */
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

/** The catalogs for a check: the built-in ones whose platform is selected, and every user catalog. */
export function selectCatalogs(builtins: readonly LoadedCatalog[], platforms: readonly string[], user: readonly LoadedCatalog[]): Catalog {
  return new Catalog([...builtins.filter((catalog) => platforms.includes(catalog.platform)), ...user]);
}

/** `kubelet (Kubelet API) on all nodes, Canonical Kubernetes [004_….txt]` */
export function describeReservation({ entry, catalog }: Reservation, roles: string): string {
  return `${entry.component} (${entry.usage}) on ${roles}, ${catalog.title} [${entry.source}]`;
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
