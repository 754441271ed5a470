// Every row of every seed table is an entry of its catalog. The seeds are parsed here on their
// own, not from the catalog, so a row the catalog forgot or got wrong fails the test. Each seed
// file is a copy of a public page, and the catalog cites that page, never the copy: users can
// open the page, they do not have our files.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_CATALOGS } from '../../server/src/service/catalog/builtin';
import { sharedPath } from '../support/shared';
import { isNodePlace, isPodPlace, type CatalogEntry, type LoadedCatalog } from '../../server/src/service/catalog/types';

const seedDir = sharedPath('seeds');
const KGATEWAY = '000_e9fbc1bcb51be7fd.txt' as const;
const KONVOY = '002_8567d80207c92bf5.txt' as const;
const CANONICAL = '004_2236ab9ea2558638.txt' as const;

/** The public page each seed file is a copy of, as the catalog cites it, and a line that names it. */
const PAGES = {
  // kgateway "Port reference": the table of its kgateway v2.0.x version.
  [KGATEWAY]: { url: 'https://kgateway.dev/docs/reference/ports/', title: 'title: Port reference' },
  // The page's source, for the mTLS section it keeps commented out (readers of the page never see it).
  mtls: { url: 'https://github.com/kgateway-dev/kgateway.dev/blob/3e490ff104ee2187afa6da9eaff203bdca6d17c9/assets/kgw-docs/pages/reference/ports.md' },
  // D2iQ "Konvoy Ports" (Konvoy 1.5): its source in mesosphere/dcos-docs-site (the published URL was not confirmed).
  [KONVOY]: {
    url: 'https://github.com/mesosphere/dcos-docs-site/blob/668e70e0550001d05be5bc1b125018130c0dc7f3/pages/dkp/konvoy/1.5/concepts/konvoy-ports/index.md',
    title: 'title: Konvoy Ports',
  },
  // Canonical Kubernetes "Services and ports".
  [CANONICAL]: { url: 'https://documentation.ubuntu.com/canonical-kubernetes/latest/snap/reference/ports-and-services/', title: '# Services and ports' },
};

describe('the public pages the seeds are copies of', () => {
  it.each([KGATEWAY, KONVOY, CANONICAL] as const)('%s is the page the catalog cites', (name) => {
    expect(seed(name)).toContain(PAGES[name].title);
  });
});

function seed(name: string): string {
  return readFileSync(path.join(seedDir, name), 'utf8');
}

function catalog(platform: string): LoadedCatalog {
  const found = BUILTIN_CATALOGS.find((c) => c.platform === platform);
  if (!found) throw new Error(`no built-in catalog ${platform}`);
  return found;
}

/** The text under a markdown heading, up to the next heading of the same or a higher level. */
function section(text: string, heading: string): string {
  const level = /^#+/.exec(heading)![0].length;
  const start = text.indexOf(`${heading}\n`);
  expect(start, `heading ${heading}`).toBeGreaterThanOrEqual(0);
  const rest = text.slice(start + heading.length + 1);
  const next = new RegExp(`^#{1,${level}} `, 'm').exec(rest);
  return next ? rest.slice(0, next.index) : rest;
}

/** Body rows of the first markdown table in `text`, as trimmed cells; header and rule left out. */
function markdownRows(text: string): string[][] {
  const lines = text.split('\n').filter((line) => line.trim().startsWith('|'));
  return lines.slice(2).map((line) => line.trim().replace(/^\||\|$/g, '').split('|').map((cell) => cell.trim()));
}

/** Body rows of the first HTML table in `text`: the header row is the one in <strong>. */
function htmlRows(text: string): string[][] {
  const rows = [...text.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((cell) => cell[1]!.replace(/<[^>]+>/g, '').trim()),
  );
  return rows.filter((cells) => !text.includes(`<strong>${cells[0]}</strong>`));
}

function hasPort(entry: CatalogEntry, port: string): boolean {
  const range = /^(\d+)-(\d+)$/.exec(port);
  if (range) return entry.range?.from === Number(range[1]) && entry.range?.to === Number(range[2]);
  return entry.port === Number(port);
}

function nodeRoles(entry: CatalogEntry): string[] | undefined {
  return isNodePlace(entry.where) ? entry.where.node.roles : undefined;
}

/** The one entry matching a row; the failure message names the row. */
function onlyEntry(entries: CatalogEntry[], match: (e: CatalogEntry) => boolean, row: string[]): CatalogEntry {
  const found = entries.filter(match);
  expect(found, `entries for seed row ${row.join(' | ')}`).toHaveLength(1);
  return found[0]!;
}

describe(`Konvoy (${KONVOY})`, () => {
  const text = seed(KONVOY);
  const tables = [
    { role: 'control-plane', rows: htmlRows(section(text, '## Control-plane nodes')), count: 15 },
    { role: 'worker', rows: htmlRows(section(text, '## Worker nodes')), count: 12 },
  ];
  const entries = catalog('konvoy').entries;

  it.each(tables)('parses $count $role rows', ({ rows, count }) => {
    expect(rows).toHaveLength(count);
    for (const row of rows) expect(row[0]).toMatch(/^\d+(-\d+)?$/);
  });

  it.each(tables)('has an entry for every $role row', ({ role, rows }) => {
    for (const row of rows) {
      const [port, component, notes] = row as [string, string, string];
      const entry = onlyEntry(entries, (e) => hasPort(e, port) && e.component === component && nodeRoles(e)?.[0] === role, row);
      expect(entry).toMatchObject({ protocol: 'TCP', source: PAGES[KONVOY].url, where: { node: { roles: [role], interface: 'all' } } });
      if (notes !== '') expect(entry.usage).toBe(notes);
      expect(entry.note).toMatch(/interface/);
      if (port.includes('-')) expect(entry.nodePortRange).toBe(true);
    }
  });

  it('has no entry from the seed beyond its rows', () => {
    expect(entries.filter((e) => e.source === PAGES[KONVOY].url)).toHaveLength(15 + 12);
  });
});

describe(`Canonical Kubernetes (${CANONICAL})`, () => {
  const text = seed(CANONICAL);
  const tables = [
    { nodes: 'all', roles: ['all'], rows: markdownRows(section(text, '### Services on all nodes')), count: 10 },
    { nodes: 'control-plane-only', roles: ['control-plane'], rows: markdownRows(section(text, '### Services on control plane nodes only')), count: 8 },
  ];
  const sockets = markdownRows(section(text, '### Containerd'));
  const entries = catalog('canonical-kubernetes').entries;
  const interfaces: Record<string, string> = { localhost: 'localhost', default: 'default', '*': 'all' };

  it.each(tables)('parses $count service rows on $nodes nodes', ({ rows, count }) => {
    expect(rows).toHaveLength(count);
    for (const row of rows) expect(row[0]).toMatch(/^(localhost|default|\*):\d+$/);
  });

  it.each(tables)('has an entry for every service row on $nodes nodes', ({ roles, rows }) => {
    for (const row of rows) {
      const [address, protocol, component, description] = row as [string, string, string, string];
      const [bind, port] = address.split(':') as [string, string];
      const entry = onlyEntry(entries, (e) => hasPort(e, port) && e.protocol === protocol && e.component === component, row);
      // The page lists Cilium's VXLAN port on control-plane nodes only; the device is on every node.
      const expectedRoles = port === '8472' && protocol === 'UDP' ? ['all'] : roles;
      expect(entry).toMatchObject({ source: PAGES[CANONICAL].url, where: { node: { roles: expectedRoles, interface: interfaces[bind] } } });
      if (expectedRoles !== roles) expect(entry.note).toMatch(/control-plane nodes only/);
      // The catalog keeps the description, with markdown links reduced to their text.
      expect(entry.usage).toBe(description.replace(/\[([^\]]+)\]\([^)]+\)/g, '$1'));
    }
  });

  it('has an entry for the socket row', () => {
    expect(sockets).toHaveLength(1);
    const row = sockets[0]!;
    const [component, socket] = row as [string, string];
    const entry = onlyEntry(entries, (e) => e.socket === socket, row);
    expect(entry).toMatchObject({ component, source: PAGES[CANONICAL].url, where: { node: { roles: ['all'] } } });
    expect(entry.port).toBeUndefined();
  });

  it('has no entry from the seed beyond its rows', () => {
    expect(entries.filter((e) => e.source === PAGES[CANONICAL].url)).toHaveLength(10 + 8 + 1);
  });
});

describe(`kgateway (${KGATEWAY})`, () => {
  const text = seed(KGATEWAY);
  const rows = markdownRows(section(text, '## Pods and ports'));
  const entries = catalog('kgateway').entries;

  it('parses 5 pod rows', () => {
    expect(rows).toHaveLength(5);
    for (const row of rows) expect(row[1]).toMatch(/^\d+$/);
  });

  it('has an entry for every pod row, in the pod', () => {
    for (const row of rows) {
      const [pod, port, usage] = row as [string, string, string];
      const entry = onlyEntry(entries, (e) => hasPort(e, port) && e.component === pod && e.condition === undefined, row);
      expect(entry).toMatchObject({ protocol: 'TCP', usage, source: PAGES[KGATEWAY].url, asOf: 'kgateway v2.0.x' });
      expect(isPodPlace(entry.where)).toBe(true);
    }
  });

  it('has the optional mTLS ports of the commented-out part, with their condition', () => {
    const mtls = text.slice(text.indexOf('## mTLS considerations'));
    const sidecarAdmin = /admin port listening on (\d+)/.exec(mtls)?.[1];
    const internalXds = /127\.0\.0\.1:(\d+)/.exec(mtls)?.[1];
    expect([sidecarAdmin, internalXds]).toEqual(['8081', '9999']);
    const conditional = entries.filter((e) => e.source === PAGES.mtls.url && e.condition !== undefined);
    expect(conditional.filter((e) => e.port === 8081).map((e) => e.component).sort()).toEqual(['gateway proxy', 'kgateway']);
    expect(conditional.filter((e) => e.port === 9999)).toMatchObject([{ component: 'kgateway', where: { pod: { interface: 'localhost' } } }]);
  });

  it('has no entry from the seed beyond its rows and the mTLS extras', () => {
    expect(entries.filter((e) => e.source === PAGES[KGATEWAY].url)).toHaveLength(5);
    expect(entries.filter((e) => e.source === PAGES.mtls.url)).toHaveLength(3);
  });
});
