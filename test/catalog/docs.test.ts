// docs/catalog.md is the catalog as a reader browses it: rendered again here, it must equal the
// file (run `node scripts/catalog-docs.mjs` after changing the catalog). And one catalog row as
// the hover shows it, with a link to its source.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_CATALOGS, BUILTIN_PLATFORMS } from '../../server/src/service/catalog/builtin';
import { catalogRowMarkdown, sourceMarkdown, type Reservation } from '../../server/src/service/catalog/catalog';
import { catalogDocs } from '../../server/src/service/catalog/docs';
import type { CatalogEntry, LoadedCatalog } from '../../server/src/service/catalog/types';

const docsPath = path.resolve(__dirname, '../../docs/catalog.md');

describe('docs/catalog.md', () => {
  const text = catalogDocs(BUILTIN_CATALOGS, BUILTIN_PLATFORMS);

  it('is what the catalog renders to (run node scripts/catalog-docs.mjs)', () => {
    expect(readFileSync(docsPath, 'utf8') === text, 'docs/catalog.md differs from the catalog: run node scripts/catalog-docs.mjs').toBe(true);
  });

  it('has a table per catalog and a row with a source link per entry', () => {
    for (const catalog of BUILTIN_CATALOGS) {
      expect(text).toContain(`<a id="catalog-${catalog.platform}"></a>`);
      for (const entry of catalog.entries) expect(text).toContain(`](${entry.source})`);
    }
    const rows = text.split('\n').filter((line) => /^\| (\d+(-\d+)?\/(TCP|UDP|SCTP)|unix:)/.test(line));
    expect(rows).toHaveLength(BUILTIN_CATALOGS.reduce((sum, catalog) => sum + catalog.entries.length, 0));
    // Seven cells each: a pipe inside a cell (a `||` range) is escaped.
    for (const row of rows) expect(row.split(/(?<!\\)\|/).length - 2, row).toBe(7);
  });
});

describe('catalogRowMarkdown', () => {
  const catalog = BUILTIN_CATALOGS.find((c) => c.platform === 'canonical-kubernetes')!;
  const reservation = (entry: CatalogEntry, from: LoadedCatalog = catalog): Reservation => ({ entry, catalog: from });

  it('is one line with the row\'s port, place, platform, usage and a link to its source', () => {
    const kubelet = catalog.entries.find((e) => e.port === 10250)!;
    expect(catalogRowMarkdown(reservation(kubelet))).toBe(
      '- **kubelet** 10250/TCP on all nodes (Canonical Kubernetes): Kubelet API. Anonymous authentication is disabled. X509… ' +
        '[source](https://documentation.ubuntu.com/canonical-kubernetes/latest/snap/reference/ports-and-services/) (2026-06 (etcd datastore))',
    );
  });

  it('names versions, conditions and where listeners land', () => {
    const kgateway = BUILTIN_CATALOGS.find((c) => c.platform === 'kgateway')!;
    const http = kgateway.entries.find((e) => e.port === 8080)!;
    expect(catalogRowMarkdown(reservation(http, kgateway))).toMatch(/^- \*\*gateway proxy\*\* 8080\/TCP inside gateway proxy pods \(kgateway; versions \\<2\.1; where listeners land\): HTTP \[source\]\(https:\/\/kgateway\.dev\/docs\/reference\/ports\/\)/);
    const dns = BUILTIN_CATALOGS.find((c) => c.platform === 'nodelocaldns')!;
    expect(catalogRowMarkdown(reservation(dns.entries.find((e) => e.port === 8080)!, dns))).toContain('on all nodes, 169.254.20.10 (NodeLocal DNSCache)');
  });

  it('escapes markdown in the usage and gives a non-URL source as code', () => {
    const entry: CatalogEntry = { port: 7000, protocol: 'TCP', component: 'my_daemon', usage: 'metrics [beta] *fast*', source: 'our runbook', where: { node: { roles: ['worker'], interface: 'localhost' } } };
    const line = catalogRowMarkdown(reservation(entry));
    expect(line).toContain('**my\\_daemon** 7000/TCP on worker nodes, localhost');
    expect(line).toContain('metrics \\[beta\\] \\*fast\\*');
    expect(line).toMatch(/source: `our runbook`$/);
    expect(line.includes('\n')).toBe(false);
    expect(sourceMarkdown({ ...entry, source: 'https://example.com/a_(b)', asOf: 'v1.0' })).toBe('[source](https://example.com/a_(b%29) (v1.0)');
  });
});
