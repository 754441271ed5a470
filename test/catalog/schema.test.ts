// Every shipped catalog passes the schema, and a broken user catalog is rejected with a message
// that names the file, the entry and the field.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_CATALOGS, BUILTIN_PLATFORMS, SELECTABLE_PLATFORMS } from '../../server/src/service/catalog/builtin';
import { CatalogValidator, formatCatalogProblem, parseCatalogText, validateCatalog } from '../../server/src/service/catalog/load';
import { VERSION_RANGE_PATTERN, parseVersionRange } from '../../server/src/service/catalog/versions';
import schema from '../../catalog/schema.json';

const catalogDir = path.resolve(__dirname, '../../catalog');
// Beside the catalogs: their schema, and the schema of a cluster description.
const catalogFiles = readdirSync(catalogDir).filter((name) => name.endsWith('.json') && name !== 'schema.json' && name !== 'cluster.schema.json');

const goodEntry = {
  port: 7000,
  protocol: 'TCP',
  component: 'my-daemon',
  usage: 'metrics',
  source: 'our runbook',
  where: { node: { roles: ['worker'], interface: 'all' } },
};

/** A user catalog whose single entry is `goodEntry` changed by `change`. */
function userCatalog(change: (entry: Record<string, unknown>) => void): string {
  const entry: Record<string, unknown> = structuredClone(goodEntry);
  change(entry);
  return JSON.stringify({ platform: 'my-platform', title: 'My platform', entries: [entry] });
}

describe('shipped catalogs', () => {
  it('bundles every catalog file', () => {
    expect(BUILTIN_CATALOGS.map((catalog) => catalog.fileName).sort()).toEqual(catalogFiles.map((name) => `catalog/${name}`).sort());
  });

  it.each(catalogFiles)('%s validates with no problems', (name) => {
    const result = parseCatalogText(readFileSync(path.join(catalogDir, name), 'utf8'), `catalog/${name}`);
    expect(result.problems.map(formatCatalogProblem)).toEqual([]);
    expect(result.catalog?.platform).toBe(name.replace(/\.json$/, ''));
  });

  it('selects upstream Kubernetes core by default, keeps the three first platforms selectable, and lets a selection name any', () => {
    expect(BUILTIN_PLATFORMS).toEqual(['kubernetes']);
    expect(SELECTABLE_PLATFORMS.slice(0, 3)).toEqual(['kgateway', 'konvoy', 'canonical-kubernetes']);
    expect(new Set(SELECTABLE_PLATFORMS).size).toBe(BUILTIN_CATALOGS.length);
  });

  it('bundles the same files as the built-in catalogs', () => {
    const validator = new CatalogValidator();
    for (const catalog of BUILTIN_CATALOGS) {
      const onDisk = JSON.parse(readFileSync(path.resolve(__dirname, '../..', catalog.fileName), 'utf8'));
      expect(catalog.entries).toEqual(onDisk.entries);
      const { fileName, ...file } = catalog;
      expect(validator.validate(file, fileName).problems).toEqual([]);
    }
  });

  it('gives every catalog a kind and a homepage', () => {
    for (const catalog of BUILTIN_CATALOGS) {
      expect(catalog.kind, catalog.fileName).toBeDefined();
      expect(catalog.homepage ?? 'https://', catalog.fileName).toMatch(/^https:\/\//);
    }
  });

  const everyEntry = BUILTIN_CATALOGS.flatMap((catalog) => catalog.entries.map((entry, index) => ({ name: `${catalog.fileName} entry ${index} (${entry.component} ${entry.port ?? entry.range?.from ?? entry.socket})`, entry })));

  it.each(everyEntry)('$name: a public URL source, what it holds for, a version range that parses', ({ entry }) => {
    expect(entry.source).toMatch(/^https:\/\/[a-z0-9.-]+\.[a-z]+\/\S*$/);
    expect(entry.asOf).toBeTruthy();
    if (entry.versions !== undefined) expect(parseVersionRange(entry.versions)).not.toBeTypeOf('string');
  });

  it.each(everyEntry)('$name: speaks to users, not of files they do not have', ({ entry }) => {
    const text = [entry.usage, entry.note ?? '', entry.condition ?? '', entry.source].join('\n');
    expect(text).not.toMatch(/\bseeds?\b|corpus|\b\d{3}_[0-9a-f]{16}\.txt|shared\//i);
  });

  it('has a schema pattern for version ranges equal to the one the loader parses', () => {
    expect(schema.definitions.entry.properties.versions.pattern).toBe(VERSION_RANGE_PATTERN);
  });

  it('gives every entry of one component the same owners', () => {
    for (const catalog of BUILTIN_CATALOGS) {
      const byComponent = new Map<string, string>();
      for (const entry of catalog.entries) {
        const owners = JSON.stringify(entry.owners ?? null);
        expect(byComponent.get(entry.component) ?? owners, `${catalog.fileName} ${entry.component}`).toBe(owners);
        byComponent.set(entry.component, owners);
      }
    }
  });
});

describe('user catalogs', () => {
  it('accepts version ranges, a kind, an address and a source that is not a URL', () => {
    for (const versions of ['>=2.1', '<2.1.0', '2.0.x', '2.0', '>=1.16 <1.20', '=2.0.2', '<=1.22', '*', 'v1.2.3', '<2.3.8 || >=2.4.0 <2.4.4']) {
      const result = parseCatalogText(userCatalog((e) => (e.versions = versions)), 'my-ports.json');
      expect(result.problems.map(formatCatalogProblem), versions).toEqual([]);
    }
    const text = JSON.stringify({
      platform: 'p',
      title: 'P',
      kind: 'addon',
      homepage: 'https://example.com/docs',
      entries: [{ ...goodEntry, asOf: '2026-08', where: { node: { roles: ['all'], interface: 'default', address: '169.254.20.10' } } }],
    });
    expect(parseCatalogText(text, 'p.json').catalog).toMatchObject({ kind: 'addon', homepage: 'https://example.com/docs', entries: [{ source: 'our runbook', asOf: '2026-08' }] });
  });

  it('accepts a good catalog with a new platform id', () => {
    const result = parseCatalogText(userCatalog(() => {}), 'my-ports.json');
    expect(result.problems).toEqual([]);
    expect(result.catalog).toMatchObject({ platform: 'my-platform', fileName: 'my-ports.json', entries: [goodEntry] });
  });

  // Each broken catalog, and what its one message must say besides the file name.
  const broken: { name: string; text: string; says: (string | RegExp)[] }[] = [
    {
      name: 'wrong protocol',
      text: userCatalog((e) => (e.protocol = 'tcp')),
      says: ['entry 0 (component "my-daemon")', 'field "protocol"', 'must be one of TCP, UDP, SCTP'],
    },
    {
      name: 'port above 65535',
      text: userCatalog((e) => (e.port = 70000)),
      says: ['entry 0 (component "my-daemon")', 'field "port"', 'from 1 to 65535', '70000'],
    },
    {
      name: 'port as a string',
      text: userCatalog((e) => (e.port = '80')),
      says: ['entry 0', 'field "port"', 'must be an integer', '"80"'],
    },
    {
      name: 'both port and range',
      text: userCatalog((e) => (e.range = { from: 8000, to: 8100 })),
      says: ['entry 0 (component "my-daemon")', /has port and range: needs exactly one of port, range or socket/],
    },
    {
      name: 'neither port, range nor socket',
      text: userCatalog((e) => delete e.port),
      says: ['entry 0 (component "my-daemon")', 'needs exactly one of port, range or socket'],
    },
    {
      name: 'unknown field',
      text: userCatalog((e) => (e.prot = 'UDP')),
      says: ['entry 0 (component "my-daemon")', 'field "prot"', 'is not a known field'],
    },
    {
      name: 'range from above to',
      text: userCatalog((e) => {
        delete e.port;
        e.range = { from: 9000, to: 8000 };
      }),
      says: ['entry 0 (component "my-daemon")', 'field "range.from"', /at most range\.to \(8000\), not 9000/],
    },
    {
      name: 'missing component',
      text: userCatalog((e) => delete e.component),
      says: [/: entry 0, field "component": is required/],
    },
    {
      name: 'unknown node role',
      text: userCatalog((e) => (e.where = { node: { roles: ['master'], interface: 'all' } })),
      says: ['entry 0 (component "my-daemon")', 'field "where.node.roles[0]"', 'control-plane, worker, all', '"master"'],
    },
    {
      name: 'no node roles',
      text: userCatalog((e) => (e.where = { node: { roles: [], interface: 'all' } })),
      says: ['entry 0 (component "my-daemon")', 'field "where.node.roles"', 'at least 1 item'],
    },
    {
      name: 'both node and pod',
      text: userCatalog((e) => (e.where = { node: { roles: ['all'], interface: 'all' }, pod: { interface: 'all' } })),
      says: ['field "where"', 'needs exactly one of node or pod'],
    },
    {
      name: 'a version range that does not parse',
      text: userCatalog((e) => (e.versions = 'from 2.1 on')),
      says: ['entry 0 (component "my-daemon")', 'field "versions"', 'must match the pattern', '"from 2.1 on"'],
    },
    {
      name: 'a version range that holds for no version',
      text: userCatalog((e) => (e.versions = '>=2.1 <2.0')),
      says: ['entry 0 (component "my-daemon")', 'field "versions"', 'holds for no version'],
    },
    {
      name: 'an unknown kind',
      text: JSON.stringify({ platform: 'p', title: 'P', kind: 'cni', entries: [] }),
      says: ['field "kind"', 'must be one of distribution, network, addon', '"cni"'],
    },
    {
      name: 'invalid JSON text',
      text: '{ "platform": "x", ',
      says: [/^my-ports\.json: the catalog is not valid JSON: .+/],
    },
    {
      name: 'not an object',
      text: '[1, 2]',
      says: [/^my-ports\.json: the catalog must be an object, not an array$/],
    },
    {
      name: 'bad platform id',
      text: JSON.stringify({ platform: 'My Platform', title: 'x', entries: [] }),
      says: ['field "platform"', 'must match the pattern', '"My Platform"'],
    },
  ];

  it.each(broken)('rejects $name', ({ text, says }) => {
    const result = parseCatalogText(text, 'my-ports.json');
    expect(result.catalog).toBeUndefined();
    const messages = result.problems.map(formatCatalogProblem);
    expect(messages).toHaveLength(1);
    const message = messages[0]!;
    expect(message).toMatch(/^my-ports\.json: /);
    for (const part of says) {
      if (typeof part === 'string') expect(message).toContain(part);
      else expect(message).toMatch(part);
    }
  });

  it('reports every problem of a catalog, each in its own entry', () => {
    const catalog = {
      platform: 'p',
      title: 'P',
      entries: [goodEntry, { ...goodEntry, component: 'foo', protocol: 'ICMP' }, { ...goodEntry, port: 0 }],
    };
    const result = validateCatalog(catalog, 'p.json');
    expect(result.problems.map(formatCatalogProblem)).toEqual([
      'p.json: entry 1 (component "foo"), field "protocol": must be one of TCP, UDP, SCTP, not the string "ICMP"',
      'p.json: entry 2 (component "my-daemon"), field "port": must be from 1 to 65535, not 0',
    ]);
    expect(result.problems[0]).toMatchObject({ entryIndex: 1, component: 'foo', field: 'entries/1/protocol' });
  });

  it('names a label key with a slash whole', () => {
    const text = userCatalog((e) => (e.owners = { labels: [{ 'app.kubernetes.io/name': 7 }] }));
    const [problem] = parseCatalogText(text, 'my-ports.json').problems;
    expect(problem?.field).toBe('entries/0/owners/labels/0/app.kubernetes.io~1name');
    expect(formatCatalogProblem(problem!)).toContain('field "owners.labels[0].app.kubernetes.io/name": must be a string, not 7');
  });
});
